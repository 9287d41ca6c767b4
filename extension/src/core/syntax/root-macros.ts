// Finds file-scope uses of the macros that make functions roots (`static DEVICE_ATTR_RW(state);`,
// `EXPORT_SYMBOL_GPL(add_memory);`) by their text: the grammar cannot parse most of them, and the use is
// one statement at the start of a line.

import { ROOT_MACROS } from '../kernel/roots.js';
import type { RootMacroUse } from './facts.js';

const USE =
  /^[ \t]*(?:static[ \t]+)?(?:const[ \t]+)?([A-Z][A-Z0-9_]*)[ \t]*\(([^;{}()]*(?:\([^;{}()]*\)[^;{}()]*)*)\)[ \t]*;/gm;

export function rootMacroUses(text: string): RootMacroUse[] {
  const out: RootMacroUse[] = [];
  let line = 1;
  let counted = 0;
  for (const m of text.matchAll(USE)) {
    const macro = m[1]!;
    if (!(macro in ROOT_MACROS)) continue;
    for (let i = text.indexOf('\n', counted); i >= 0 && i < m.index; i = text.indexOf('\n', i + 1)) line++;
    counted = m.index;
    out.push({ macro, args: splitArgs(m[2]!), loc: { line, column: m[0].indexOf(macro) } });
  }
  return out;
}

function splitArgs(text: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      args.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  args.push(cur.trim());
  return args;
}
