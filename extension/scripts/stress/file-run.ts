// One file through the index's front end, as the index and the simulator run it: decode, blank the
// annotations, tree-sitter parse, fact extraction (functions, calls, references, ops bindings, structs) and
// the statement structure of every function body. One parse feeds both, as the two product paths would
// each parse the same text the same way.

import type { Parser } from 'web-tree-sitter';
import { CALLBACK_TAKERS } from '../../src/core/kernel/callbacks.js';
import { bodiesOf } from '../../src/core/sim/bodies.js';
import { decodeSource } from '../../src/core/syntax/decode.js';
import { extractFacts } from '../../src/core/syntax/extract.js';
import type { FileFacts } from '../../src/core/syntax/facts.js';
import { parseKernelC } from '../../src/core/syntax/frontend.js';
import { contentHash } from '../../src/core/workspace/hash.js';

export type FileRun =
  | {
      status: 'ok';
      hash: string;
      counts: FactCounts;
      /** Kept only when the run builds the call graph: the whole tree's facts do not fit in a 4 GB heap. */
      facts?: FileFacts;
    }
  | { status: 'skipped'; reason: string }
  | { status: 'exception'; stage: string; error: string };

export interface FactCounts {
  functions: number;
  calls: number;
  errorNodes: number;
  errorBytes: number;
  /** Functions whose body the simulator could replay. */
  bodies: number;
}

export function runFile(parser: Parser, path: string, bytes: Uint8Array, keepFacts: boolean): FileRun {
  let stage = 'decoding';
  try {
    const decoded = decodeSource(bytes);
    if (!decoded.ok) return { status: 'skipped', reason: decoded.reason };
    stage = 'parsing';
    const parsed = parseKernelC(parser, decoded.text);
    try {
      stage = 'extracting facts';
      const facts = extractFacts(path, parsed.tree, parsed.marks, CALLBACK_TAKERS);
      stage = 'extracting bodies';
      const counts: FactCounts = {
        functions: facts.functions.length,
        calls: facts.calls.length,
        errorNodes: facts.errorNodes,
        errorBytes: facts.errorBytes,
        bodies: bodiesOf(parsed).size,
      };
      const hash = contentHash(bytes);
      return keepFacts ? { status: 'ok', hash, counts, facts } : { status: 'ok', hash, counts };
    } finally {
      parsed.tree.delete();
    }
  } catch (err) {
    const e = err as Error;
    return { status: 'exception', stage, error: e.stack ?? String(err) };
  }
}
