import { describe, expect, it } from 'vitest';
import { lockOrderInversion } from '../../src/core/rules/all/lock-order-inversion.js';
import { findingsFor, ruleTester, type RuleCase } from './tester.js';
import { PGDAT_LOCK_H } from './snippets.js';

/** a_lock then b_lock on the normal path; the error path takes them the other way round. */
const OBSERVED: RuleCase = {
  name: 'the error path takes two locks in the opposite order of the normal path',
  entries: ['resize'],
  files: {
    'mm/resize.c': `
int resize(void)
{
	int ret;

	mutex_lock(&table_lock);
	mutex_lock(&map_lock);
	ret = resize_one();
	mutex_unlock(&map_lock);
	mutex_unlock(&table_lock);
	if (ret)
		goto err;
	return 0;

err:
	mutex_lock(&map_lock);
	mutex_lock(&table_lock);
	//^^^^^^^^ observed
	undo_resize();
	mutex_unlock(&table_lock);
	mutex_unlock(&map_lock);
	return ret;
}
`,
  },
};

/** The device core takes every device's mutex out of lockdep's order checks. */
const DEVICE_CORE_C = `
struct device {
	struct mutex mutex;
};

void device_initialize(struct device *dev)
{
	lockdep_set_novalidate_class(&dev->mutex);
	init_rest(dev);
}
`;

const UNBIND_UNDER_CPU_LOCK = `
void unbind_one(struct device *dev)
{
	cpus_read_lock();
	device_lock(dev);
	//^^^^^^^^^ documented
	release_one(dev);
	device_unlock(dev);
	cpus_read_unlock();
}
`;

ruleTester(lockOrderInversion, {
  valid: [
    {
      name: 'a trylock under another lock makes no order: the opposite nesting elsewhere is no inversion',
      entries: ['try_under_table', 'table_under_list'],
      files: {
        'mm/lists.c': `
void try_under_table(void)
{
	mutex_lock(&table_mutex);
	if (mutex_trylock(&list_mutex)) {
		refresh_list();
		mutex_unlock(&list_mutex);
	}
	mutex_unlock(&table_mutex);
}

void table_under_list(void)
{
	mutex_lock(&list_mutex);
	mutex_lock(&table_mutex);
	refresh_table();
	mutex_unlock(&table_mutex);
	mutex_unlock(&list_mutex);
}
`,
      },
    },
    {
      name: 'a lock class the tree marks novalidate has no order to contradict',
      entries: ['unbind_one'],
      files: {
        'drivers/base/core.c': DEVICE_CORE_C,
        'drivers/base/dd.c': UNBIND_UNDER_CPU_LOCK.replace('\t//^^^^^^^^^ documented\n', ''),
      },
    },
    {
      name: 'locks the replay cannot name have no order',
      entries: ['take_two'],
      files: {
        'mm/two.c': `
void take_two(spinlock_t *a, struct mutex *b)
{
	mutex_lock(b);
	spin_lock(a);
	spin_unlock(a);
	mutex_unlock(b);
	spin_lock(a);
	mutex_lock(b);
	mutex_unlock(b);
	spin_unlock(a);
}
`,
      },
    },
    {
      name: 'the documented order, outermost first: device_hotplug_lock, cpu and mem hotplug locks, node resize lock, zone span seqlock',
      entries: ['grow'],
      files: {
        'include/linux/memory_hotplug.h': PGDAT_LOCK_H,
        'mm/grow.c': `
static void grow_zone(struct zone *zone, unsigned long pfn)
{
	unsigned long flags;

	pgdat_resize_lock(zone->zone_pgdat, &flags);
	zone_span_writelock(zone);
	extend_span(zone, pfn);
	zone_span_writeunlock(zone);
	pgdat_resize_unlock(zone->zone_pgdat, &flags);
}

void grow(struct zone *zone, unsigned long pfn)
{
	lock_device_hotplug();
	mem_hotplug_begin();
	grow_zone(zone, pfn);
	mem_hotplug_done();
	unlock_device_hotplug();
}
`,
      },
    },
    {
      name: 'two undocumented locks taken in the same order on every path and entry',
      entries: ['first', 'second'],
      files: {
        'mm/pair.c': `
void first(void)
{
	mutex_lock(&table_lock);
	mutex_lock(&map_lock);
	mutex_unlock(&map_lock);
	mutex_unlock(&table_lock);
}

void second(void)
{
	mutex_lock(&table_lock);
	mutex_lock(&map_lock);
	mutex_unlock(&map_lock);
	mutex_unlock(&table_lock);
}
`,
      },
    },
    {
      name: 'a lock taken after the other was released is no nesting',
      entries: ['first', 'second'],
      files: {
        'mm/pair.c': `
void first(void)
{
	mutex_lock(&table_lock);
	mutex_lock(&map_lock);
	mutex_unlock(&map_lock);
	mutex_unlock(&table_lock);
}

void second(void)
{
	mutex_lock(&map_lock);
	mutex_unlock(&map_lock);
	mutex_lock(&table_lock);
	mutex_unlock(&table_lock);
}
`,
      },
    },
  ],
  invalid: [
    {
      name: 'device.mutex under cpu_hotplug_lock where lockdep validates the class (documented order)',
      entries: ['unbind_one'],
      files: { 'drivers/base/dd.c': UNBIND_UNDER_CPU_LOCK },
    },
    {
      name: 'mem_hotplug_begin() under the node resize spinlock (documented order, fallback wrappers)',
      entries: ['grow'],
      files: {
        'mm/grow.c': `
void grow(struct pglist_data *pgdat)
{
	unsigned long flags;

	pgdat_resize_lock(pgdat, &flags);
	mem_hotplug_begin();
	//^^^^^^^^^^^^^^^ documented
	extend_node(pgdat);
	mem_hotplug_done();
	pgdat_resize_unlock(pgdat, &flags);
}
`,
      },
    },
    {
      name: 'a helper one function down takes device_hotplug_lock inside mem_hotplug_lock (interprocedural)',
      entries: ['plug'],
      files: {
        'mm/plug.c': `
static int register_blocks(u64 start)
{
	int ret;

	lock_device_hotplug();
	//^^^^^^^^^^^^^^^^^ documented
	ret = create_blocks(start);
	unlock_device_hotplug();
	return ret;
}

int plug(int nid, u64 start, u64 size)
{
	int ret;

	mem_hotplug_begin();
	ret = arch_add_memory(nid, start, size, NULL);
	if (!ret)
		ret = register_blocks(start);
	mem_hotplug_done();
	return ret;
}
`,
      },
    },
    OBSERVED,
    {
      name: 'two entries take two undocumented locks in opposite orders',
      entries: ['first', 'second'],
      files: {
        'mm/pair.c': `
void first(void)
{
	mutex_lock(&table_lock);
	mutex_lock(&map_lock);
	mutex_unlock(&map_lock);
	mutex_unlock(&table_lock);
}

void second(void)
{
	mutex_lock(&map_lock);
	mutex_lock(&table_lock);
	//^^^^^^^^ observed
	mutex_unlock(&table_lock);
	mutex_unlock(&map_lock);
}
`,
      },
    },
    {
      name: 'node resize lock taken under the zone span seqlock, both wrappers summarised from source: reported at the wrapper call',
      entries: ['shrink'],
      files: {
        'include/linux/memory_hotplug.h': PGDAT_LOCK_H,
        'mm/shrink.c': `
void shrink(struct zone *zone)
{
	unsigned long flags;

	zone_span_writelock(zone);
	pgdat_resize_lock(zone->zone_pgdat, &flags);
	//^^^^^^^^^^^^^^^ documented
	cut_span(zone);
	pgdat_resize_unlock(zone->zone_pgdat, &flags);
	zone_span_writeunlock(zone);
}
`,
      },
    },
  ],
});

describe('lock-order-inversion: the other site', () => {
  it('names the opposite acquisition in the message and as a related location', async () => {
    const [f] = await findingsFor(lockOrderInversion, OBSERVED);
    expect(f?.message).toBe(
      'table_lock is taken here while map_lock (taken at mm/resize.c:16) is held; the opposite order is taken at mm/resize.c:7',
    );
    expect(f?.related.filter((r) => r.message.includes('opposite') || r.message.includes('while'))).toEqual([
      { file: 'mm/resize.c', line: 7, column: 1, message: 'map_lock taken here while table_lock is held' },
    ]);
  });
});
