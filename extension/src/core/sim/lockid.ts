// Names a lock by what it is, the way lockdep names classes: a global (`mem_hotplug_lock`) or a struct
// field (`pglist_data.node_size_lock`), whatever expression reached it.

import type { Expr } from '../syntax/body.js';
import type { TypeTable } from '../callgraph/types.js';
import { baseTypeName } from '../syntax/nodes.js';

export interface VarTypes {
  /** Variable name -> declared type text (params and locals of the function). */
  get(name: string): string | undefined;
}

export function lockIdentity(arg: Expr, vars: VarTypes, types: TypeTable, file: string): string {
  let e = arg;
  while ((e.k === 'unary' && (e.op === '&' || e.op === '*')) || e.k === 'cast') e = e.arg;
  if (e.k === 'id') return e.name;
  if (e.k === 'field') {
    const owner = ownerOf(e.object, vars, types, file);
    if (owner) return `${owner}.${e.field}`;
    const candidates = types.ownersOfField(e.field);
    if (candidates.length === 1) return `${candidates[0]}.${e.field}`;
    return e.field;
  }
  return e.text.replace(/\s+/g, '');
}

/** The struct type an object expression has, following `a->b.c` through the struct table. */
function ownerOf(obj: Expr, vars: VarTypes, types: TypeTable, file: string): string | undefined {
  const fields: string[] = [];
  let e = obj;
  for (;;) {
    if (e.k === 'field') {
      fields.unshift(e.field);
      e = e.object;
    } else if (e.k === 'index' || (e.k === 'unary' && (e.op === '*' || e.op === '&')) || e.k === 'cast') {
      e = e.k === 'index' ? e.object : e.arg;
    } else break;
  }
  if (e.k !== 'id') return undefined;
  const declared = vars.get(e.name);
  if (declared) return types.structOfPath(types.canonical(baseTypeName(declared)), fields);
  return types.structOf({ baseVar: e.name, fields }, file);
}
