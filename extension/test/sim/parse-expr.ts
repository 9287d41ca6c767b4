// Parses one C expression (inside a throwaway function) into the simulator's Expr form.

import type { Parser } from 'web-tree-sitter';
import { createCParser } from '../../src/core/syntax/parser.js';
import { readWasm } from '../../src/surfaces/node/wasm.js';
import { expr, type Expr } from '../../src/core/syntax/body.js';

let parser: Promise<Parser> | undefined;

export async function parseC(text: string): Promise<Expr> {
  parser ??= createCParser(readWasm(__dirname));
  const tree = (await parser).parse(`void f(void)\n{\n\tx = ${text};\n}\n`)!;
  try {
    const assign = tree.rootNode.descendantsOfType('assignment_expression')[0]!;
    return expr(assign.childForFieldName('right')!);
  } finally {
    tree.delete();
  }
}
