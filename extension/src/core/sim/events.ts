// Events the replay engine emits and rules listen to (ESLint code-path style): calls, lock
// acquire/release, function exits, memmap reads, model changes, and the end of an entry's replay.

import type { FnNode } from '../callgraph/definitions.js';
import type { LockContract } from '../kernel/contracts.js';
import type { HeldLock, SimState } from './state.js';
import type { MemmapState, ZoneModel } from './model.js';
import type { Value } from './value.js';
import type { CallStep } from '../model/call.js';
import type { SourceLoc } from '../model/location.js';

interface Base {
  /** The function whose body holds the site. */
  fn: string;
  site: SourceLoc;
  /** Calls from the entry to `fn` (not including this site). */
  chain: readonly CallStep[];
  state: SimState;
}

export interface CallEvent extends Base {
  type: 'call';
  callee: string;
  calleeNode?: FnNode;
  args: readonly Value[];
  argTexts: readonly string[];
  /** The result is assigned, tested or returned. */
  resultUsed: boolean;
  contracts: readonly LockContract[];
  /** Why the callee may sleep, when it may: a chain of names ending at a sleeping primitive. */
  maySleep?: readonly string[];
}

export interface AcquireEvent extends Base {
  type: 'acquire';
  lock: HeldLock;
  trylock: boolean;
  /** The primitive that took it (`mutex_lock_nested`). */
  primitive: string;
}

export interface ReleaseEvent extends Base {
  type: 'release';
  lock: string;
  /** The lock as it was held, or undefined when it was not held on this path. */
  held?: HeldLock;
  /** Not held, but a callee the replay did not enter may have released it before: not a proof either way. */
  maybeReleasedBefore?: true;
  via?: string;
}

/**
 * A call that waits for holders of a pseudo-lock to finish (removing sysfs nodes waits for their callbacks'
 * kernfs active references): lockdep records it as taking that lock under every lock held here.
 */
export interface WaitEvent extends Base {
  type: 'wait';
  /** The pseudo-lock waited for (`kernfs-active(memory_block.dev)`). */
  on: string;
  /** The waiting call (`device_unregister`). */
  primitive: string;
}

/** A call that creates what a later wait may wait for (a device's sysfs nodes): their pseudo-lock. */
export interface RegisterEvent extends Base {
  type: 'register';
  on: string;
  primitive: string;
}

export interface ExitEvent extends Base {
  type: 'exit';
  entryState: SimState;
  /** Return value on this exit (int 0 / unknown truthy / ...). */
  ret?: Value;
  /** The function's contract says it returns holding these (acquire wrappers, __acquires). */
  acquires: readonly string[];
  /** All exits of this replay, so rules can compare them. */
  siblings: readonly ExitPoint[];
}

export interface ExitPoint {
  state: SimState;
  ret: Value;
  /** The return statement, or the closing brace for a fall-through exit. */
  at: SourceLoc;
}

export interface MemmapReadEvent extends Base {
  type: 'memmap-read';
  pfn: number;
  memmap: MemmapState;
  how: string;
}

/**
 * A struct page read of a pfn the user supplied, not proven online on this path (a sysfs store's number):
 * no zone model is needed to judge it, any machine has such pfns.
 */
export interface UserMemmapReadEvent extends Base {
  type: 'user-memmap-read';
  how: string;
  /** The call that parsed the number from the user's text (`kstrtoull`). */
  parsedBy: string;
  /** What a pfn test the path passed proves of it, and which test; none when untested. */
  proven?: 'present' | 'valid';
  provenBy?: string;
}

export interface ModelEvent extends Base {
  type: 'model';
  callee: string;
  before: ZoneModel;
  after: ZoneModel;
  /** Teardown of something never set up (untrack without track, ...). */
  unbalanced?: { callee: string; what: string };
  /** A teardown given other arguments than its setup was. */
  mismatch?: TeardownMismatch;
}

/** A teardown whose arguments do not undo what its setup did, in the words of a finding. */
export interface TeardownMismatch {
  teardown: string;
  /** What the teardown is given: `NULL as its altmap`. */
  given: string;
  setup: string;
  /** Where the setup ran (or was defined), and what it was given there. */
  at: SourceLoc;
  expected: string;
  why: string;
  /** Judged on the setup's own body: it holds whatever the root's start. */
  ownBody?: true;
}

/** A node span field written (`pgdat->node_start_pfn = v`), with the value the path computed. */
export interface NodeSpanWriteEvent extends Base {
  type: 'node-span-write';
  nid: number;
  field: 'start' | 'spanned';
  value: Value;
}

export interface EntryDoneEvent {
  type: 'entry-done';
  entry: string;
  exits: readonly ExitPoint[];
  initial: ZoneModel;
}

export type SimEvent =
  | CallEvent
  | AcquireEvent
  | ReleaseEvent
  | WaitEvent
  | RegisterEvent
  | ExitEvent
  | MemmapReadEvent
  | UserMemmapReadEvent
  | ModelEvent
  | NodeSpanWriteEvent;

export interface EventSink {
  emit(event: SimEvent): void;
  entryDone(event: EntryDoneEvent): void;
}
