// The kernel-C front end: bytes in, facts out. Decodes, blanks annotations, parses, extracts, frees the tree.

import type { Parser, Tree } from 'web-tree-sitter';
import { blankAnnotations, type Blanked } from './blank.js';
import { decodeSource } from './decode.js';
import { extractFacts } from './extract.js';
import { rootMacroUses } from './root-macros.js';
import type { FileFacts } from './facts.js';
import { CALLBACK_TAKERS } from '../kernel/callbacks.js';

export type FrontEndResult = { ok: true; facts: FileFacts; note?: string } | { ok: false; reason: string };

export function analyseSource(parser: Parser, path: string, bytes: Uint8Array): FrontEndResult {
  const decoded = decodeSource(bytes);
  if (!decoded.ok) return decoded;
  const facts = analyseText(parser, path, decoded.text);
  return decoded.note ? { ok: true, facts, note: decoded.note } : { ok: true, facts };
}

export function analyseText(parser: Parser, path: string, text: string): FileFacts {
  const { tree, marks } = parseKernelC(parser, text);
  try {
    return { ...extractFacts(path, tree, marks, CALLBACK_TAKERS), rootMacros: rootMacroUses(text) };
  } finally {
    tree.delete();
  }
}

/** Parses kernel C after blanking annotations. The caller owns the tree and must delete() it. */
export function parseKernelC(parser: Parser, text: string): Blanked & { tree: Tree } {
  const blanked = blankAnnotations(text);
  const tree = parser.parse(blanked.text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return { ...blanked, tree };
}
