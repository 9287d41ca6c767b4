// Lock primitives as data: what each call does to which lock, in which mode, and whether it sleeps.
// Wrappers (mem_hotplug_begin, pgdat_resize_lock, ...) are summarised from the indexed source; the
// fallback table below supplies their effect only when their definition is not in the tree.

import { byName } from './by-name.js';

import type { LockClass, LockMode } from '../model/lock.js';

export type LockOp = 'acquire' | 'release' | 'trylock';

export interface LockPrimitive {
  fn: string;
  op: LockOp;
  cls: LockClass;
  mode: LockMode;
  /** Index of the argument naming the lock (`&zone->lock`); null when the lock is fixed. */
  arg: number | null;
  /** The lock a fixed primitive works on (`cpu_hotplug_lock` for cpus_read_lock). */
  lock?: string;
  /** For trylocks and interruptible acquires: the return value that means "taken". */
  takenWhen?: 'nonzero' | 'zero';
  /** Interrupts: disabled by the acquire, restored by the release. */
  irq?: boolean;
  /** Acquiring may sleep (mutexes, rw-semaphores). */
  sleeps: boolean;
  /** A `*_nested` acquire: lockdep is told this is another instance of a class already held. */
  nested?: boolean;
}

const spin = (fn: string, op: LockOp, extra: Partial<LockPrimitive> = {}): LockPrimitive => ({
  fn,
  op,
  cls: 'spinlock',
  mode: 'exclusive',
  arg: 0,
  sleeps: false,
  ...extra,
});

function spinFamily(
  prefix: string,
  cls: LockClass,
  mode: LockMode,
  lockWord: string,
  unlockWord: string,
): LockPrimitive[] {
  const out: LockPrimitive[] = [];
  for (const suffix of ['', '_nested', '_irq', '_irqsave', '_irqsave_nested', '_bh']) {
    out.push(spin(`${prefix}${lockWord}${suffix}`, 'acquire', { cls, mode, irq: suffix.startsWith('_irq') }));
  }
  for (const suffix of ['', '_irq', '_irqrestore', '_bh']) {
    out.push(spin(`${prefix}${unlockWord}${suffix}`, 'release', { cls, mode, irq: suffix.startsWith('_irq') }));
  }
  out.push(spin(`${prefix}${lockWord.replace('lock', 'trylock')}`, 'trylock', { cls, mode, takenWhen: 'nonzero' }));
  out.push(
    spin(`${prefix}${lockWord.replace('lock', 'trylock')}_irqsave`, 'trylock', {
      cls,
      mode,
      takenWhen: 'nonzero',
      irq: true,
    }),
  );
  return out;
}

const sleeping = (
  fn: string,
  op: LockOp,
  cls: LockClass,
  mode: LockMode,
  extra: Partial<LockPrimitive> = {},
): LockPrimitive => ({ fn, op, cls, mode, arg: 0, sleeps: op !== 'release', ...extra });

export const LOCK_PRIMITIVES: readonly LockPrimitive[] = [
  ...spinFamily('', 'spinlock', 'exclusive', 'spin_lock', 'spin_unlock'),
  ...spinFamily('raw_', 'spinlock', 'exclusive', 'spin_lock', 'spin_unlock'),
  ...spinFamily('', 'rwlock', 'read', 'read_lock', 'read_unlock'),
  ...spinFamily('', 'rwlock', 'write', 'write_lock', 'write_unlock'),
  sleeping('mutex_lock', 'acquire', 'mutex', 'exclusive'),
  sleeping('mutex_lock_nested', 'acquire', 'mutex', 'exclusive'),
  sleeping('mutex_lock_io', 'acquire', 'mutex', 'exclusive'),
  sleeping('mutex_lock_interruptible', 'trylock', 'mutex', 'exclusive', { takenWhen: 'zero' }),
  sleeping('mutex_lock_killable', 'trylock', 'mutex', 'exclusive', { takenWhen: 'zero' }),
  sleeping('mutex_trylock', 'trylock', 'mutex', 'exclusive', { takenWhen: 'nonzero', sleeps: false }),
  sleeping('mutex_unlock', 'release', 'mutex', 'exclusive'),
  sleeping('down_read', 'acquire', 'rwsem', 'read'),
  sleeping('down_read_nested', 'acquire', 'rwsem', 'read'),
  sleeping('down_read_killable', 'trylock', 'rwsem', 'read', { takenWhen: 'zero' }),
  sleeping('down_read_interruptible', 'trylock', 'rwsem', 'read', { takenWhen: 'zero' }),
  sleeping('down_read_trylock', 'trylock', 'rwsem', 'read', { takenWhen: 'nonzero', sleeps: false }),
  sleeping('up_read', 'release', 'rwsem', 'read'),
  sleeping('down_write', 'acquire', 'rwsem', 'write'),
  sleeping('down_write_nested', 'acquire', 'rwsem', 'write'),
  sleeping('down_write_killable', 'trylock', 'rwsem', 'write', { takenWhen: 'zero' }),
  sleeping('down_write_trylock', 'trylock', 'rwsem', 'write', { takenWhen: 'nonzero', sleeps: false }),
  sleeping('up_write', 'release', 'rwsem', 'write'),
  sleeping('percpu_down_read', 'acquire', 'percpu-rwsem', 'read'),
  sleeping('percpu_down_read_trylock', 'trylock', 'percpu-rwsem', 'read', { takenWhen: 'nonzero', sleeps: false }),
  sleeping('percpu_up_read', 'release', 'percpu-rwsem', 'read'),
  sleeping('percpu_down_write', 'acquire', 'percpu-rwsem', 'write'),
  sleeping('percpu_up_write', 'release', 'percpu-rwsem', 'write'),
  sleeping('cpus_read_lock', 'acquire', 'percpu-rwsem', 'read', { arg: null, lock: 'cpu_hotplug_lock' }),
  sleeping('get_online_cpus', 'acquire', 'percpu-rwsem', 'read', { arg: null, lock: 'cpu_hotplug_lock' }),
  sleeping('cpus_read_trylock', 'trylock', 'percpu-rwsem', 'read', {
    arg: null,
    lock: 'cpu_hotplug_lock',
    takenWhen: 'nonzero',
    sleeps: false,
  }),
  sleeping('cpus_read_unlock', 'release', 'percpu-rwsem', 'read', { arg: null, lock: 'cpu_hotplug_lock' }),
  sleeping('put_online_cpus', 'release', 'percpu-rwsem', 'read', { arg: null, lock: 'cpu_hotplug_lock' }),
  sleeping('cpus_write_lock', 'acquire', 'percpu-rwsem', 'write', { arg: null, lock: 'cpu_hotplug_lock' }),
  sleeping('cpus_write_unlock', 'release', 'percpu-rwsem', 'write', { arg: null, lock: 'cpu_hotplug_lock' }),
  { fn: 'rcu_read_lock', op: 'acquire', cls: 'rcu', mode: 'read', arg: null, lock: 'rcu', sleeps: false },
  { fn: 'rcu_read_unlock', op: 'release', cls: 'rcu', mode: 'read', arg: null, lock: 'rcu', sleeps: false },
  spin('write_seqlock', 'acquire', { cls: 'seqlock', mode: 'write' }),
  spin('write_seqlock_irqsave', 'acquire', { cls: 'seqlock', mode: 'write', irq: true }),
  spin('write_sequnlock', 'release', { cls: 'seqlock', mode: 'write' }),
  spin('write_sequnlock_irqrestore', 'release', { cls: 'seqlock', mode: 'write', irq: true }),
  spin('write_seqcount_begin', 'acquire', { cls: 'seqlock', mode: 'write' }),
  spin('write_seqcount_end', 'release', { cls: 'seqlock', mode: 'write' }),
  {
    fn: 'local_irq_disable',
    op: 'acquire',
    cls: 'irq',
    mode: 'exclusive',
    arg: null,
    lock: 'irqs-off',
    irq: true,
    sleeps: false,
  },
  {
    fn: 'local_irq_save',
    op: 'acquire',
    cls: 'irq',
    mode: 'exclusive',
    arg: null,
    lock: 'irqs-off',
    irq: true,
    sleeps: false,
  },
  {
    fn: 'local_irq_enable',
    op: 'release',
    cls: 'irq',
    mode: 'exclusive',
    arg: null,
    lock: 'irqs-off',
    irq: true,
    sleeps: false,
  },
  {
    fn: 'local_irq_restore',
    op: 'release',
    cls: 'irq',
    mode: 'exclusive',
    arg: null,
    lock: 'irqs-off',
    irq: true,
    sleeps: false,
  },
  {
    fn: 'preempt_disable',
    op: 'acquire',
    cls: 'preempt',
    mode: 'exclusive',
    arg: null,
    lock: 'preempt-off',
    sleeps: false,
  },
  {
    fn: 'preempt_enable',
    op: 'release',
    cls: 'preempt',
    mode: 'exclusive',
    arg: null,
    lock: 'preempt-off',
    sleeps: false,
  },
  {
    fn: 'preempt_enable_no_resched',
    op: 'release',
    cls: 'preempt',
    mode: 'exclusive',
    arg: null,
    lock: 'preempt-off',
    sleeps: false,
  },
];

/** Effects of wrappers, used only when the wrapper's own definition is not in the indexed tree. */
export const FALLBACK_WRAPPERS: Readonly<Record<string, readonly LockPrimitive[]>> = byName({
  mem_hotplug_begin: [
    {
      fn: 'mem_hotplug_begin',
      op: 'acquire',
      cls: 'percpu-rwsem',
      mode: 'read',
      arg: null,
      lock: 'cpu_hotplug_lock',
      sleeps: true,
    },
    {
      fn: 'mem_hotplug_begin',
      op: 'acquire',
      cls: 'percpu-rwsem',
      mode: 'write',
      arg: null,
      lock: 'mem_hotplug_lock',
      sleeps: true,
    },
  ],
  mem_hotplug_done: [
    {
      fn: 'mem_hotplug_done',
      op: 'release',
      cls: 'percpu-rwsem',
      mode: 'write',
      arg: null,
      lock: 'mem_hotplug_lock',
      sleeps: false,
    },
    {
      fn: 'mem_hotplug_done',
      op: 'release',
      cls: 'percpu-rwsem',
      mode: 'read',
      arg: null,
      lock: 'cpu_hotplug_lock',
      sleeps: false,
    },
  ],
  get_online_mems: [
    {
      fn: 'get_online_mems',
      op: 'acquire',
      cls: 'percpu-rwsem',
      mode: 'read',
      arg: null,
      lock: 'mem_hotplug_lock',
      sleeps: true,
    },
  ],
  put_online_mems: [
    {
      fn: 'put_online_mems',
      op: 'release',
      cls: 'percpu-rwsem',
      mode: 'read',
      arg: null,
      lock: 'mem_hotplug_lock',
      sleeps: false,
    },
  ],
  lock_device_hotplug: [
    {
      fn: 'lock_device_hotplug',
      op: 'acquire',
      cls: 'mutex',
      mode: 'exclusive',
      arg: null,
      lock: 'device_hotplug_lock',
      sleeps: true,
    },
  ],
  unlock_device_hotplug: [
    {
      fn: 'unlock_device_hotplug',
      op: 'release',
      cls: 'mutex',
      mode: 'exclusive',
      arg: null,
      lock: 'device_hotplug_lock',
      sleeps: false,
    },
  ],
  lock_device_hotplug_sysfs: [
    {
      fn: 'lock_device_hotplug_sysfs',
      op: 'trylock',
      cls: 'mutex',
      mode: 'exclusive',
      arg: null,
      lock: 'device_hotplug_lock',
      takenWhen: 'zero',
      sleeps: true,
    },
  ],
  device_lock: [
    {
      fn: 'device_lock',
      op: 'acquire',
      cls: 'mutex',
      mode: 'exclusive',
      arg: null,
      lock: 'device.mutex',
      sleeps: true,
    },
  ],
  device_unlock: [
    {
      fn: 'device_unlock',
      op: 'release',
      cls: 'mutex',
      mode: 'exclusive',
      arg: null,
      lock: 'device.mutex',
      sleeps: false,
    },
  ],
  pgdat_resize_lock: [
    {
      fn: 'pgdat_resize_lock',
      op: 'acquire',
      cls: 'spinlock',
      mode: 'exclusive',
      arg: null,
      lock: 'pglist_data.node_size_lock',
      irq: true,
      sleeps: false,
    },
  ],
  pgdat_resize_unlock: [
    {
      fn: 'pgdat_resize_unlock',
      op: 'release',
      cls: 'spinlock',
      mode: 'exclusive',
      arg: null,
      lock: 'pglist_data.node_size_lock',
      irq: true,
      sleeps: false,
    },
  ],
  zone_span_writelock: [
    {
      fn: 'zone_span_writelock',
      op: 'acquire',
      cls: 'seqlock',
      mode: 'write',
      arg: null,
      lock: 'zone.span_seqlock',
      sleeps: false,
    },
  ],
  zone_span_writeunlock: [
    {
      fn: 'zone_span_writeunlock',
      op: 'release',
      cls: 'seqlock',
      mode: 'write',
      arg: null,
      lock: 'zone.span_seqlock',
      sleeps: false,
    },
  ],
});

/** Documented nesting order, outermost first; each row is one level (locks on a row are peers). */
export const LOCK_ORDER: readonly (readonly string[])[] = [
  ['device.mutex', 'device_hotplug_lock'],
  ['cpu_hotplug_lock'],
  ['mem_hotplug_lock'],
  ['pglist_data.node_size_lock'],
  ['zone.span_seqlock'],
];

/** The lock that serialises memory hotplug: span changes and the hotplug core need it. */
export const HOTPLUG_LOCK = 'mem_hotplug_lock';

export const LOCK_BY_FN: ReadonlyMap<string, LockPrimitive> = new Map(
  LOCK_PRIMITIVES.map((p) => [p.fn, p.fn.endsWith('_nested') ? { ...p, nested: true } : p]),
);

/**
 * The class of a lock named by identity, from the wrappers that take it (`device_hotplug_lock` is a mutex);
 * a lock no wrapper names is taken for a sleeping rw-semaphore like the hotplug lock.
 */
export function lockClassOf(lock: string): LockClass {
  for (const prims of Object.values(FALLBACK_WRAPPERS)) for (const p of prims) if (p.lock === lock) return p.cls;
  return 'percpu-rwsem';
}

/** Lock classes under which nothing may sleep. */
export const ATOMIC_CLASSES: ReadonlySet<LockClass> = new Set([
  'spinlock',
  'rwlock',
  'seqlock',
  'rcu',
  'irq',
  'preempt',
]);

/** Types of lock objects: a parameter that points to one is a lock its caller hands over. */
export const LOCK_TYPE_NAMES: ReadonlySet<string> = new Set([
  'spinlock_t',
  'raw_spinlock_t',
  'rwlock_t',
  'seqlock_t',
  'struct mutex',
  'struct rw_semaphore',
  'struct percpu_rw_semaphore',
]);

/** `type` is a parameter's declaration text without or with its name (`spinlock_t *lock`). */
export function isLockPointer(type: string): boolean {
  const t = type
    .replace(/\b(const|volatile)\b/g, '')
    .replace(/\*\s*[A-Za-z_]\w*$/, '*')
    .replace(/\s+/g, ' ')
    .trim();
  if (!t.endsWith('*')) return false;
  return LOCK_TYPE_NAMES.has(t.slice(0, -1).trim());
}

/** Calls that take a lock class out of lockdep's order checks (the device core does this for dev->mutex). */
export const NOVALIDATE_MARKERS: ReadonlySet<string> = new Set(['lockdep_set_novalidate_class']);
