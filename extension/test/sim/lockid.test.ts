import { describe, expect, it } from 'vitest';
import { lockIdentity } from '../../src/core/sim/lockid.js';
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
    structs: [
      { name: 'pglist_data', fields: { node_size_lock: 'spinlock_t', node_zones: 'zone' } },
      { name: 'zone', fields: { lock: 'spinlock_t', zone_pgdat: 'pglist_data', span_seqlock: 'seqlock_t' } },
      { name: 'device', fields: { mutex: 'mutex' } },
      { name: 'page_pool', fields: { lock: 'spinlock_t' } },
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
  ]);
  const id = async (text: string) => lockIdentity(await parseC(text), vars, types(), 'mm/x.c');

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
    expect(await id('&p->lock')).toBe('lock');
  });
});
