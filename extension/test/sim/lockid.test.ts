import { describe, expect, it } from 'vitest';
import { lockFromText, lockIdentity, mayBeSameLock } from '../../src/core/sim/lockid.js';
import { isLockPointer } from '../../src/core/kernel/locks.js';
import { TypeTable } from '../../src/core/callgraph/types.js';
import { parseC } from './parse-expr.js';
import type { Snapshot } from '../../src/core/workspace/workspace.js';
import type { FileFacts } from '../../src/core/syntax/facts.js';

function types(): TypeTable {
  const facts = {
    path: 'include/linux/mmzone.h',
    functions: [],
    calls: [],
    functionRefs: [],
    opsBindings: [],
    declaredNames: [],
    globals: {},
    typedefs: { pg_data_t: 'pglist_data' },
    errorNodes: 0,
    errorBytes: 0,
    problems: [],
    rootMacros: [],
    structs: [
      { name: 'pglist_data', fields: { node_size_lock: 'spinlock_t', node_zones: 'zone' } },
      { name: 'zone', fields: { lock: 'spinlock_t', zone_pgdat: 'pglist_data', span_seqlock: 'seqlock_t' } },
      { name: 'device', fields: { mutex: 'mutex' } },
      { name: 'page_pool', fields: { lock: 'spinlock_t' } },
      { name: 'worker_pool', fields: { lock: 'raw_spinlock_t' } },
      { name: 'pool_workqueue', fields: { pool: 'worker_pool' } },
    ],
  } as FileFacts;
  const snapshot: Pick<Snapshot, 'files'> = {
    files: new Map([[facts.path, { path: facts.path, hash: 'x', facts }]]),
  };
  return new TypeTable(snapshot);
}

describe('lock identity names the lock class, not the expression', () => {
  const vars = new Map([
    ['pgdat', 'pg_data_t *'],
    ['zone', 'struct zone *'],
    ['dev', 'struct device *'],
    ['lock', 'spinlock_t *lock'],
    ['pwq', 'struct pool_workqueue *pwq'],
  ]);
  const id = async (text: string, lockArgs?: Map<string, string>) =>
    lockIdentity(await parseC(text), { varTypes: vars, ...(lockArgs ? { lockArgs } : {}) }, types(), 'mm/x.c');

  it('globals by name', async () => {
    expect(await id('&mem_hotplug_lock')).toBe('mem_hotplug_lock');
  });

  it('struct fields by declared type, through typedefs and member chains', async () => {
    expect(await id('&pgdat->node_size_lock')).toBe('pglist_data.node_size_lock');
    expect(await id('&zone->zone_pgdat->node_size_lock')).toBe('pglist_data.node_size_lock');
    expect(await id('&zone->lock')).toBe('zone.lock');
    expect(await id('&dev->mutex')).toBe('device.mutex');
  });

  it('a base it cannot type falls back to the only struct with that field', async () => {
    expect(await id('&NODE_DATA(nid)->node_size_lock')).toBe('pglist_data.node_size_lock');
  });

  it('a lock it cannot name is unresolved, marked with ?', async () => {
    expect(await id('&p->lock')).toBe('?.lock');
    expect(await id('lock')).toBe('?lock');
  });

  it('a lock handed over by pointer is the lock the caller passed', async () => {
    expect(await id('lock', new Map([['lock', 'zone.lock']]))).toBe('zone.lock');
    expect(await id('&pwq->pool->lock')).toBe('worker_pool.lock');
  });
});

describe('locks named in contract text', () => {
  const vars = new Map([
    ['pwq', 'struct pool_workqueue *pwq'],
    ['zone', 'struct zone *zone'],
    ['lock', 'spinlock_t *lock'],
  ]);
  const text = (t: string) => lockFromText(t, vars, types(), 'kernel/workqueue.c');

  it('follows declared types through member chains', () => {
    expect(text('&pwq->pool->lock')).toBe('worker_pool.lock');
    expect(text('&zone->lock')).toBe('zone.lock');
    expect(text('mem_hotplug_lock')).toBe('mem_hotplug_lock');
  });

  it('gives up where the lock cannot be named for sure', () => {
    expect(text('lock')).toBeUndefined();
    expect(text('&q->lock')).toBeUndefined();
    expect(text('&tbl[i]->lock')).toBeUndefined();
  });
});

describe('an unresolved lock may be any lock of its field, never proof of a given one', () => {
  it('matches by field, or anything when it names none', () => {
    expect(mayBeSameLock('?.lock', 'zone.lock')).toBe(true);
    expect(mayBeSameLock('?.lock', 'device.mutex')).toBe(false);
    expect(mayBeSameLock('?lock', 'device.mutex')).toBe(true);
    expect(mayBeSameLock('zone.lock', 'worker_pool.lock')).toBe(false);
    expect(mayBeSameLock('zone.lock', 'zone.lock')).toBe(true);
  });

  it('lock pointer parameters are recognised by their type', () => {
    expect(isLockPointer('spinlock_t *lock')).toBe(true);
    expect(isLockPointer('struct mutex *m')).toBe(true);
    expect(isLockPointer('const struct rw_semaphore *')).toBe(true);
    expect(isLockPointer('struct zone *zone')).toBe(false);
    expect(isLockPointer('spinlock_t lock')).toBe(false);
  });
});
