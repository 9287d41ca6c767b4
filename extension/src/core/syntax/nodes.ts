// Small helpers over tree-sitter C nodes: positions, declarator names, type names, enclosing #if conditions.

import type { Node } from 'web-tree-sitter';
import type { Loc, Span } from './facts.js';
import type { PreprocCondition } from '../model/preproc.js';

export function kids(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null);
}

export function loc(node: Node): Loc {
  return { line: node.startPosition.row + 1, column: node.startPosition.column };
}

export function span(node: Node): Span {
  return { start: loc(node), end: { line: node.endPosition.row + 1, column: node.endPosition.column } };
}

/** The name a declarator introduces: `*x`, `x[4]`, `(*fn)(void *)`, `x = 3` all name x. */
export function declaratorName(d: Node): string | undefined {
  let n: Node | null = d;
  while (n) {
    switch (n.type) {
      case 'identifier':
      case 'field_identifier':
      case 'type_identifier':
        return n.text;
      case 'parenthesized_declarator':
        n = kids(n)[0] ?? null;
        break;
      case 'attributed_declarator':
        n = kids(n)[0] ?? null;
        break;
      default:
        n = n.childForFieldName('declarator');
    }
  }
  return undefined;
}

/** The function declarator that carries a definition's own name and parameters. */
export function findFunctionDeclarator(d: Node): Node | null {
  let n: Node | null = d;
  let found: Node | null = null;
  while (n) {
    if (n.type === 'function_declarator') {
      const inner = n.childForFieldName('declarator');
      if (inner?.type === 'identifier') return n;
      found = n;
      n = inner;
    } else if (n.type === 'parenthesized_declarator' || n.type === 'attributed_declarator') {
      n = kids(n)[0] ?? null;
    } else {
      n = n.childForFieldName('declarator');
    }
  }
  return found && found.childForFieldName('declarator')?.type === 'identifier' ? found : null;
}

const QUALIFIERS = new Set([
  'const',
  'volatile',
  'static',
  'extern',
  'inline',
  'register',
  'restrict',
  'signed',
  'unsigned',
]);

/** `const struct dev_pagemap_ops *` -> `dev_pagemap_ops`; `pg_data_t` -> `pg_data_t`. */
export function baseTypeName(text: string): string {
  const head = text.split('{')[0]!;
  const tagged = /\b(?:struct|union|enum)\s+(\w+)/.exec(head);
  if (tagged) return tagged[1]!;
  const words = head.match(/[A-Za-z_]\w*/g) ?? [];
  const kept = words.filter((w) => !QUALIFIERS.has(w));
  return kept[kept.length - 1] ?? head.trim();
}

const PREPROC_BRANCH = new Set(['preproc_if', 'preproc_ifdef', 'preproc_elif', 'preproc_elifdef', 'preproc_else']);

/** The `#if` conditions a node sits under, outermost first; `#else` arms carry the negated conditions. */
export function conditionsOf(node: Node): PreprocCondition[] {
  const out: PreprocCondition[] = [];
  let child: Node = node;
  let parent = node.parent;
  while (parent) {
    if (PREPROC_BRANCH.has(parent.type) && parent.type !== 'preproc_else') {
      const alt = parent.childForFieldName('alternative');
      const viaAlternative = alt !== null && alt.startIndex === child.startIndex && alt.type === child.type;
      const cond = conditionText(parent);
      if (cond) out.push({ text: cond, negated: viaAlternative });
    }
    child = parent;
    parent = parent.parent;
  }
  return out.reverse();
}

function conditionText(node: Node): string | undefined {
  if (node.type === 'preproc_ifdef' || node.type === 'preproc_elifdef') {
    const name = node.childForFieldName('name')?.text;
    if (!name) return undefined;
    const directive = node.child(0)?.type ?? '';
    return directive.includes('ndef') ? `!defined(${name})` : `defined(${name})`;
  }
  return node.childForFieldName('condition')?.text.replace(/\s+/g, ' ').trim();
}
