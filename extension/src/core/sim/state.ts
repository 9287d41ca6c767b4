// The abstract state on one path: locks held (with where each was taken), local values, the zone
// model. Immutable: every step returns a new state.

import { ATOMIC_CLASSES } from '../kernel/locks.js';
import { modelKey, type ZoneModel } from './model.js';
import type { Value } from './value.js';
import type { Decision } from './decision.js';
import { mayBeSameLock } from './lockid.js';
import type { HeldLockInfo, LockMode, LockClass } from '../model/lock.js';
import type { SourceLoc } from '../model/location.js';

export interface HeldLock {
  lock: string;
  mode: LockMode;
  cls: LockClass;
  takenAt: SourceLoc;
  /** The wrapper call that took it (`mem_hotplug_begin()`), if not the primitive itself. */
  via?: string;
  /** Length of the call chain where it was taken: calls past it lead to where it is still held. */
  depth?: number;
  /** Lockdep does not check this class's order (lockdep_set_novalidate_class). */
  unordered?: true;
}

export interface PendingSetup {
  /** The call that took it (or the wrapper that returned with it taken), and where. */
  callee: string;
  site: SourceLoc;
  /** The object's identity for object pairs (the acquire site); its value carries the same `ref`. */
  ref?: string;
  /**
   * A state taken only if the call returned 0, not yet tested: its result carries this `ref`, and the
   * test of it makes the state taken (zero) or not (non-zero). Never judged while untested.
   */
  latent?: string;
  /** The function whose exits judge it. */
  owner: { fn: string; file: string };
  /** How the owner's return value says failure. */
  returns: 'int' | 'pointer' | 'void';
  /** The owner's body calls a release of the pair itself (it is not a wrapper that hands the state on). */
  ownerReleases: boolean;
  /** The release calls of its pair. */
  releases: readonly string[];
  what: string;
}

export interface SimState {
  readonly locks: readonly HeldLock[];
  readonly vars: ReadonlyMap<string, Value>;
  readonly model: ZoneModel;
  /** What this path decided on its way, in order (tested conditions, call outcomes, ...). */
  readonly decisions: readonly Decision[];
  /**
   * Locks a callee the replay did not enter may have released (it releases a lock it could not name):
   * no longer held, and a later release of one of them is not a release of a lock never held.
   */
  readonly maybeReleased?: readonly string[];
  /** Setups taken on this path and not yet released (kernel/setup-pairs.ts). */
  readonly pending?: readonly PendingSetup[];
}

function pendingKey(state: SimState): string {
  return (state.pending ?? [])
    .map(
      (p) =>
        `${p.callee}@${p.site.file}:${p.site.line}:${p.site.column}${p.ref ? '*' : ''}${p.latent ? '?' : ''}>${p.owner.fn}`,
    )
    .join(',');
}

export function holds(state: SimState, lock: string): HeldLock | undefined {
  return state.locks.find((l) => l.lock === lock);
}

/**
 * The held lock a release or a contract may mean: the same identity, else (when one side could not be
 * named) one of the same field. Undefined when nothing held can be it.
 */
export function heldMatch(state: SimState, lock: string): HeldLock | undefined {
  const exact = holds(state, lock);
  if (exact) return exact;
  for (let i = state.locks.length - 1; i >= 0; i--) {
    const l = state.locks[i]!;
    if (mayBeSameLock(l.lock, lock) || mayBeSameLock(lock, l.lock)) return l;
  }
  return undefined;
}

export function isAtomic(state: SimState): HeldLock | undefined {
  return state.locks.find((l) => ATOMIC_CLASSES.has(l.cls));
}

export function withLock(state: SimState, lock: HeldLock): SimState {
  return { ...state, locks: [...state.locks, lock] };
}

export function withoutLock(state: SimState, lock: string): SimState {
  let idx = state.locks.map((l) => l.lock).lastIndexOf(lock);
  if (idx < 0) {
    const held = heldMatch(state, lock);
    idx = held ? state.locks.lastIndexOf(held) : -1;
  }
  if (idx < 0) return state;
  return { ...state, locks: state.locks.filter((_, i) => i !== idx) };
}

export function withVar(state: SimState, name: string, value: Value): SimState {
  const vars = new Map(state.vars);
  vars.set(name, value);
  return { ...state, vars };
}

export function withModel(state: SimState, model: ZoneModel): SimState {
  return { ...state, model };
}

export function decided(state: SimState, decision: Decision): SimState {
  return { ...state, decisions: [...state.decisions, decision] };
}

export function lockInfo(l: HeldLock): HeldLockInfo {
  const info: HeldLockInfo = { lock: l.lock, mode: l.mode, kind: l.cls, takenAt: l.takenAt };
  if (l.via) info.via = l.via;
  return info;
}

export function locksKey(locks: readonly HeldLock[]): string {
  return locks.map((l) => `${l.lock}/${l.mode}@${l.takenAt.file}:${l.takenAt.line}`).join(',');
}

function valueKey(v: Value): string {
  switch (v.k) {
    case 'int':
      return `i${v.v}`;
    case 'enum':
      return `e${v.name}`;
    case 'zone':
      return `z${v.nid}${v.zone}`;
    case 'node':
      return `n${v.nid}`;
    case 'zones-end':
      return `Z${v.nid}`;
    case 'page':
      return `p(${valueKey(v.pfn)})`;
    case 'section':
      return `s(${valueKey(v.nr)})`;
    case 'va':
      return `v(${valueKey(v.addr)})`;
    case 'unknown':
      return `u${v.truthy === undefined ? '' : v.truthy ? 't' : 'f'}${v.errPtr === undefined ? '' : v.errPtr ? 'E' : 'e'}${v.ref ? `r${v.ref}` : ''}${v.user ? `U${v.user}${v.proven ?? ''}` : ''}`;
  }
}

/** Key for merging and memoising: states with equal keys behave the same from here on. */
export function stateKey(state: SimState, withVars = true): string {
  const vars = withVars
    ? [...state.vars]
        .map(([k, v]) => `${k}=${valueKey(v)}`)
        .sort()
        .join(',')
    : '';
  return `${locksKey(state.locks)}|${maybeReleasedKey(state)}|${pendingKey(state)}|${vars}|${modelKey(state.model)}`;
}

function maybeReleasedKey(state: SimState): string {
  return state.maybeReleased?.join(',') ?? '';
}

export function entryKey(state: SimState, args: readonly Value[]): string {
  return `${locksKey(state.locks)}|${maybeReleasedKey(state)}|${pendingKey(state)}|${args.map(valueKey).join(',')}|${modelKey(state.model)}`;
}
