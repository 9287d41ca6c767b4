// How locks are described across layers: mode, class and a held lock with where it was taken. Data only.

import type { SourceLoc } from './location.js';

export type LockMode = 'write' | 'read' | 'exclusive';

export type LockClass =
  | 'mutex'
  | 'rwsem'
  | 'percpu-rwsem'
  | 'spinlock'
  | 'rwlock'
  | 'seqlock'
  | 'rcu'
  | 'irq'
  | 'preempt'
  /** A kernfs active reference (lockdep's `kn->count`): held by sysfs callbacks, waited for by node removal. */
  | 'kernfs-active';

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
