// Names a lock by what it is, the way lockdep names classes: a global (`mem_hotplug_lock`) or a struct
// field (`pglist_data.node_size_lock`), whatever expression reached it. A lock the replay cannot name
// (a field whose struct is unknown, a pointer it was not handed) gets an unresolved identity starting
// with `?`: rules treat it as "some lock", never as proof that a given lock is or is not held.

import type { Expr } from '../syntax/body.js';
import type { TypeTable } from '../callgraph/types.js';
import { baseTypeName } from '../syntax/nodes.js';

export interface VarTypes {
  /** Variable name -> declared type text (params and locals of the function). */
  get(name: string): string | undefined;
}

/** Marks an identity the replay could not resolve. */
export const UNRESOLVED = '?';

export function isUnresolved(lock: string): boolean {
  return lock.startsWith(UNRESOLVED);
}

/** The field an identity names (`zone.lock` and `?.lock` both name `lock`), if it names one. */
export function lockField(lock: string): string | undefined {
  const dot = lock.lastIndexOf('.');
  return dot >= 0 ? lock.slice(dot + 1) : undefined;
}

/**
 * `held` may be the lock `wanted` names: the same identity, or an unresolved one naming the same field
 * (or an unresolved one naming no field at all: a lock handed over by pointer).
 */
export function mayBeSameLock(held: string, wanted: string): boolean {
  if (held === wanted) return true;
  if (!isUnresolved(held)) return false;
  const field = lockField(held);
  return field === undefined || field === lockField(wanted);
}

export interface LockScope {
  varTypes: VarTypes;
  /** Identities of the locks the caller handed over by pointer, by parameter name. */
  lockArgs?: ReadonlyMap<string, string>;
}

export function lockIdentity(arg: Expr, scope: LockScope, types: TypeTable, file: string): string {
  let e = arg;
  while ((e.k === 'unary' && (e.op === '&' || e.op === '*')) || e.k === 'cast') e = e.arg;
  if (e.k === 'id') {
    const handed = scope.lockArgs?.get(e.name);
    if (handed) return handed;
    // A parameter or local that points to some lock: which one, only the caller knows.
    return scope.varTypes.get(e.name) !== undefined ? `${UNRESOLVED}${e.name}` : e.name;
  }
  if (e.k === 'field') {
    const owner = ownerOf(e.object, scope.varTypes, types, file);
    if (owner) return `${owner}.${e.field}`;
    const candidates = types.ownersOfField(e.field);
    if (candidates.length === 1) return `${candidates[0]}.${e.field}`;
    return `${UNRESOLVED}.${e.field}`;
  }
  return `${UNRESOLVED}${e.text.replace(/\s+/g, '')}`;
}

/**
 * The embedded object an expression points to (`&mem->dev` with mem a struct memory_block *: `memory_block.dev`),
 * when every step of it is typed; a bare pointer names no object here (its caller may have said which).
 */
export function objectIdentity(arg: Expr, vars: VarTypes, types: TypeTable, file: string): string | undefined {
  let e = arg;
  while ((e.k === 'unary' && e.op === '&') || e.k === 'cast') e = e.arg;
  if (e.k !== 'field') return undefined;
  const owner = ownerOf(e.object, vars, types, file);
  return owner ? `${owner}.${e.field}` : undefined;
}

/**
 * A lock named in text (`&pwq->pool->lock` in a lockdep assert, `zone->lock` in `__must_hold()`), resolved
 * with the declared types of the function that states it; undefined when it cannot be named for sure
 * (a contract on a lock the replay cannot name is not checked).
 */
export function lockFromText(text: string, varTypes: VarTypes, types: TypeTable, file: string): string | undefined {
  const t = text
    .replace(/\s+/g, '')
    .replace(/^\(+|\)+$/g, '')
    .replace(/^&/, '');
  const parts = t.split(/->|\./);
  if (parts.some((p) => !/^[A-Za-z_]\w*$/.test(p))) return undefined;
  const [base, ...fields] = parts;
  if (fields.length === 0) return varTypes.get(base!) !== undefined ? undefined : base;
  const last = fields[fields.length - 1]!;
  const declared = varTypes.get(base!);
  const owner = declared
    ? types.structOfPath(types.canonical(baseTypeName(declared)), fields.slice(0, -1))
    : types.structOf({ baseVar: base!, fields: fields.slice(0, -1) }, file);
  if (owner) return `${owner}.${last}`;
  const candidates = types.ownersOfField(last);
  return candidates.length === 1 ? `${candidates[0]}.${last}` : undefined;
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
