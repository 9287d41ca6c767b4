// Setups a path has taken and not yet released (kernel/setup-pairs.ts): object references held in local
// variables and switched-off states. The function whose body took one judges it at its exits; an object
// handed on (passed to a call, stored, returned) leaves the path's care.

import type { Expr } from '../syntax/body.js';
import { ERROR_POINTER_TESTS } from '../kernel/control.js';
import { NAMED_CONSTANTS } from '../kernel/macros.js';
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

/**
 * What a tested condition says of a value carrying a `ref`: on which outcome it is zero (NULL). Handles
 * `x`, `x == 0`, `x != NULL` (a named zero constant), `IS_ERR(x)`; `!` and pass-through calls are unwrapped by the caller.
 */
function zeroTest(x: Expr, vars: ReadonlyMap<string, Value>): { ref: string; zeroWhen: boolean } | undefined {
  while (x.k === 'cast') x = x.arg;
  if (x.k === 'id') {
    const ref = refOf(vars.get(x.name));
    return ref ? { ref, zeroWhen: false } : undefined;
  }
  if (x.k === 'assign') return zeroTest(x.left, vars);
  if (x.k === 'binary' && (x.op === '==' || x.op === '!=')) {
    const zero = (e: Expr) => (e.k === 'num' && e.value === 0) || (e.k === 'id' && NAMED_CONSTANTS[e.name] === 0n);
    const side = zero(x.right) ? x.left : zero(x.left) ? x.right : undefined;
    const inner = side ? zeroTest(side, vars) : undefined;
    return inner ? { ref: inner.ref, zeroWhen: x.op === '==' ? !inner.zeroWhen : inner.zeroWhen } : undefined;
  }
  if (x.k === 'call' && x.callee in ERROR_POINTER_TESTS && x.args[0]) {
    // An error pointer holds no object: on the true side nothing was taken.
    const inner = zeroTest(x.args[0], vars);
    return inner ? { ref: inner.ref, zeroWhen: true } : undefined;
  }
  return undefined;
}

/** A test of an acquire's result: NULL means no object was taken; 0 takes a latent state, non-zero drops it. */
export function afterTest(state: SimState, x: Expr, outcome: boolean, vars: ReadonlyMap<string, Value>): SimState {
  const t = state.pending?.length ? zeroTest(x, vars) : undefined;
  if (!t) return state;
  const zero = outcome === t.zeroWhen;
  const pending: PendingSetup[] = [];
  let droppedObject = false;
  for (const p of state.pending!) {
    if (p.latent === t.ref) {
      if (zero) {
        const { latent: _l, ...taken } = p;
        pending.push(taken);
      }
      continue;
    }
    if (zero && !droppedObject && p.ref === t.ref) {
      droppedObject = true;
      continue;
    }
    pending.push(p);
  }
  return withPending(state, pending);
}
