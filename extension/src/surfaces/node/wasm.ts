// Finds and reads the two wasm files for a Node host: beside the bundle (dist/) or in node_modules.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { WasmBytes } from '../../core/syntax/parser.js';

function findUp(start: string, rel: string): string | undefined {
  let dir = start;
  for (;;) {
    const candidate = join(dir, rel);
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

export function readWasm(from: string = __dirname): WasmBytes {
  const runtime = existsSync(join(from, 'tree-sitter.wasm'))
    ? join(from, 'tree-sitter.wasm')
    : findUp(from, 'node_modules/web-tree-sitter/tree-sitter.wasm');
  const c = existsSync(join(from, 'tree-sitter-c.wasm'))
    ? join(from, 'tree-sitter-c.wasm')
    : findUp(from, 'node_modules/tree-sitter-c/tree-sitter-c.wasm');
  if (!runtime || !c) throw new Error('tree-sitter wasm files not found beside the bundle or in node_modules');
  return { runtime: readFileSync(runtime), c: readFileSync(c) };
}
