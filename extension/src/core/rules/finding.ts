// What a rule reports: plain data shared by the CLI formatters, the patch review and the editor.

import type { EdgeKind } from '../callgraph/graph.js';

export type Severity = 'error' | 'warning' | 'info';

export interface SourceLoc {
  file: string;
  /** 1-based. */
  line: number;
  /** 0-based, UTF-16 units. */
  column: number;
}

export interface RelatedLoc extends SourceLoc {
  message: string;
}

/** One call on the way from the entry to the finding: `caller` calls `callee` at file:line. */
export interface ChainStep {
  caller: string;
  callee: string;
  file: string;
  line: number;
  column: number;
  kind: EdgeKind;
  via?: string;
}

export type LockMode = 'write' | 'read' | 'exclusive';

export interface HeldLockInfo {
  /** Lock identity as lockdep would name the class: `mem_hotplug_lock`, `pglist_data.node_size_lock`. */
  lock: string;
  mode: LockMode;
  /** Lock class from the lock table: mutex, spinlock, percpu-rwsem, ... */
  kind: string;
  takenAt: SourceLoc;
  /** The call that took it (`mem_hotplug_begin()`), when it was a wrapper rather than the primitive. */
  via?: string;
}

export interface ModelChange {
  what: string;
  before: string;
  after: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  messageId: string;
  message: string;
  /** Where to point: the call site (or statement) the finding is about. */
  location: SourceLoc;
  /** Function containing `location`. */
  function: string;
  entry: string;
  chain: ChainStep[];
  locks: HeldLockInfo[];
  related: RelatedLoc[];
  scenario: string;
  model?: ModelChange[];
  /** Stable across line shifts: rule, function and call-chain names. */
  fingerprint: string;
}

export function findingFingerprint(ruleId: string, fn: string, chain: readonly ChainStep[], detail: string): string {
  return [ruleId, fn, chain.map((s) => s.callee).join('>'), detail].join('|');
}
