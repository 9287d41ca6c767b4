// Setups a path has taken and not yet released (kernel/setup-pairs.ts): object references held in local
// variables and switched-off states. The function whose body took one judges it at its exits; an object
// handed on (passed to a call, stored, returned) leaves the path's care.

import type { Expr } from '../syntax/body.js';
import type { SourceLoc } from '../model/location.js';
import type { PendingSetup, SimState } from './state.js';
import type { Value } from './value.js';

export const refId = (site: SourceLoc) => `${site.file}:${site.line}:${site.column}`;

export function pendingOf(state: SimState): readonly PendingSetup[] {
  return state.pending ?? [];
}

export function withPending(state: SimState, pending: readonly PendingSetup[]): SimState {
  if (pending.length === 0) {
    if (!state.pending) return state;
    const { pending: _drop, ...rest } = state;
    return rest;
  }
  return { ...state, pending };
}

/** One pending object of each identity is released (or handed on). */
export function dropRefs(state: SimState, refs: ReadonlySet<string>): SimState {
  if (refs.size === 0 || !state.pending) return state;
  const left = new Set(refs);
  const kept = state.pending.filter((p) => {
    if (!p.ref || !left.has(p.ref)) return true;
    left.delete(p.ref);
    return false;
  });
  return kept.length === state.pending.length ? state : withPending(state, kept);
}

/** The object references a value holds. */
export function refOf(v: Value | undefined): string | undefined {
  return v?.k === 'unknown' ? v.ref : undefined;
}

/**
 * Objects an expression hands out as a value (to an assignment, a return, an argument): the variable
 * itself, a cast of it, either arm of `?:`, the address of one of its fields. Reading a field or testing
 * the pointer hands nothing on. Calls inside judge their own arguments. Text the front end could not
 * read (`other`) hands on every object it names.
 */
export function handedOut(e: Expr, vars: ReadonlyMap<string, Value>): Set<string> {
  const out = new Set<string>();
  const visit = (x: Expr, addressOf: boolean): void => {
    switch (x.k) {
      case 'id': {
        const r = refOf(vars.get(x.name));
        if (r) out.add(r);
        return;
      }
      case 'cast':
        return visit(x.arg, addressOf);
      case 'cond':
        visit(x.then, addressOf);
        visit(x.else, addressOf);
        return;
      case 'comma':
        if (x.list.length) visit(x.list[x.list.length - 1]!, addressOf);
        return;
      case 'assign':
        return visit(x.right, addressOf);
      case 'unary':
        if (x.op === '&') return visit(x.arg, true);
        return;
      case 'field':
        if (addressOf) visit(x.object, true);
        return;
      case 'index':
        if (addressOf) visit(x.object, true);
        return;
      case 'other':
        for (const r of mentionedRefs(x.text, vars)) out.add(r);
        return;
      default:
        return;
    }
  };
  visit(e, false);
  return out;
}

/** A copy into a local variable keeps the object in the path's care: `a = mem`, `a = (T *)mem`. */
export function isPlainCopy(e: Expr): boolean {
  if (e.k === 'cast') return isPlainCopy(e.arg);
  return e.k === 'id';
}

/** Objects held by the variables a piece of unread text names. */
export function mentionedRefs(text: string, vars: ReadonlyMap<string, Value>): Set<string> {
  const out = new Set<string>();
  for (const [name, v] of vars) {
    const r = refOf(v);
    if (r && mentions(text, name)) out.add(r);
  }
  return out;
}

function mentions(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  return new RegExp(`(^|[^\\w])${escaped}($|[^\\w])`).test(text);
}
