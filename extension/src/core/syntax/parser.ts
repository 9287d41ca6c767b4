// Loads web-tree-sitter with tree-sitter-c from wasm bytes the host supplies, and hands out parsers.
// Trees must be deleted by whoever parses; frontend.ts does so after extracting facts.

import { Language, Parser } from 'web-tree-sitter';

export interface WasmBytes {
  runtime: Uint8Array;
  c: Uint8Array;
}

let language: Promise<Language> | undefined;

export function loadCLanguage(wasm: WasmBytes): Promise<Language> {
  language ??= (async () => {
    await Parser.init({ wasmBinary: wasm.runtime } as object);
    return Language.load(wasm.c);
  })();
  return language;
}

export async function createCParser(wasm: WasmBytes): Promise<Parser> {
  const lang = await loadCLanguage(wasm);
  const parser = new Parser();
  parser.setLanguage(lang);
  return parser;
}
