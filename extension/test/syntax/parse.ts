// Test helper: one tree-sitter C parser for the whole test file, and the front end run over inline C text.

import type { Parser } from 'web-tree-sitter';
import { createCParser } from '../../src/core/syntax/parser.js';
import { analyseText } from '../../src/core/syntax/frontend.js';
import type { FileFacts } from '../../src/core/syntax/facts.js';
import { readWasm } from '../../src/surfaces/node/wasm.js';

let parser: Promise<Parser> | undefined;

export function cParser(): Promise<Parser> {
  parser ??= createCParser(readWasm(__dirname));
  return parser;
}

export async function factsOf(text: string, path = 'mm/test.c'): Promise<FileFacts> {
  return analyseText(await cParser(), path, text);
}

/** Source lines joined with newlines, so snippets keep their line numbers readable in the test. */
export function lines(...rows: string[]): string {
  return `${rows.join('\n')}\n`;
}
