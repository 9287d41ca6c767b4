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

/**
 * A memory-block-like device: the store of its `state` attribute reaches the bus's online callback, which
 * takes mem_hotplug_lock; `device_unregister()` of such a device waits for its sysfs callbacks.
 */
const BLOCKS_C = `
struct device {
	struct bus_type *bus;
	const struct attribute_group **groups;
};

struct memory_block {
	unsigned long nr;
	struct device dev;
};

struct bus_type {
	int (*online)(struct device *dev);
};

struct attribute_group {
	struct attribute **attrs;
};

static int block_online(struct device *dev)
{
	mem_hotplug_begin();
	online_pages(0, 1, 0, 0);
	mem_hotplug_done();
	return 0;
}

static int cpu_like_online(struct device *dev)
{
	return 0;
}

static struct bus_type memory_subsys = {
	.online = block_online,
};

static struct bus_type cpu_like_subsys = {
	.online = cpu_like_online,
};

int device_online(struct device *dev)
{
	return dev->bus->online(dev);
}

static ssize_t state_store(struct device *dev, struct device_attribute *attr, const char *buf, size_t count)
{
	struct memory_block *mem = to_memory_block(dev);
	int ret = device_online(&mem->dev);

	return ret ? ret : count;
}
static DEVICE_ATTR_WO(state);

static ssize_t probe_store(struct device *dev, struct device_attribute *attr, const char *buf, size_t count)
{
	mem_hotplug_begin();
	online_pages(0, 1, 0, 0);
	mem_hotplug_done();
	return count;
}
static DEVICE_ATTR_WO(probe);

static struct attribute *memory_memblk_attrs[] = {
	&dev_attr_state.attr,
	NULL
};

static struct attribute_group memory_memblk_attr_group = {
	.attrs = memory_memblk_attrs,
};

static const struct attribute_group *memory_memblk_attr_groups[] = {
	&memory_memblk_attr_group,
	NULL
};

int register_memory(struct memory_block *memory)
{
	memory->dev.bus = &memory_subsys;
	memory->dev.groups = memory_memblk_attr_groups;
	return create_blocks(memory);
}

void remove_blocks(struct memory_block *mem)
{
	device_unregister(&mem->dev);
}

int create_blocks(struct memory_block *mem)
{
	int ret = device_register(&mem->dev);

	if (!ret && !mem->nr) {
		device_unregister(&mem->dev);
		ret = -EINVAL;
	}
	return ret;
}
`;

/** The hotplug core the roots lead to (a found root is replayed only when its calls get there). */
const CORE_C = `
int online_pages(unsigned long pfn, unsigned long nr_pages, int online_type, int nid)
{
	return 0;
}

void arch_remove_memory(int nid, u64 start, u64 size, struct vmem_altmap *altmap)
{
}
`;

/** Removes the blocks inside mem_hotplug_begin/done, as v5.10's try_remove_memory() did before f1037ec0cc8a. */
const REMOVE_UNDER_LOCK = `
void remove_range(struct memory_block *mem)
{
	mem_hotplug_begin();
	remove_blocks(mem);
	//^^^^^^^^^^^ waits
	arch_remove_memory(0, 0, 0, NULL);
	mem_hotplug_done();
}
`;

ruleTester(lockOrderInversion, {
  valid: [
    {
      name: 'the same unwinding when the registration is in a helper the replay does not enter',
      entries: ['add_range'],
      discover: true,
      files: {
        'mm/core.c': CORE_C,
        'drivers/base/memory.c': `${BLOCKS_C}
static int init_block(struct memory_block *mem)
{
	mem->nr = 1;
	return register_memory(mem);
}

int create_blocks_through_helper(struct memory_block *mem)
{
	int ret = init_block(mem);

	if (ret)
		device_unregister(&mem->dev);
	return ret;
}
`,
        'mm/memory_hotplug.c': `
int add_range(struct memory_block *mem)
{
	int ret;

	mem_hotplug_begin();
	ret = create_blocks_through_helper(mem);
	mem_hotplug_done();
	return ret;
}
`,
      },
    },
    {
      name: 'a locked region that removes the devices it registered itself is unwinding, not removing what callbacks hold',
      entries: ['add_range'],
      discover: true,
      files: {
        'mm/core.c': CORE_C,
        'drivers/base/memory.c': BLOCKS_C,
        'mm/memory_hotplug.c': `
int add_range(struct memory_block *mem)
{
	int ret;

	mem_hotplug_begin();
	ret = create_blocks(mem);
	mem_hotplug_done();
	return ret;
}
`,
      },
    },
    {
      name: 'sysfs devices removed before mem_hotplug_begin(): the stores may take it, nothing waits under it',
      entries: ['remove_range'],
      discover: true,
      files: {
        'mm/core.c': CORE_C,
        'drivers/base/memory.c': BLOCKS_C,
        'mm/memory_hotplug.c': `
void remove_range(struct memory_block *mem)
{
	remove_blocks(mem);
	mem_hotplug_begin();
	arch_remove_memory(0, 0, 0, NULL);
	mem_hotplug_done();
}
`,
      },
    },
    {
      name: 'stores whose attributes are in no group of the removed device: the removal does not wait for them',
      entries: ['remove_range'],
      discover: true,
      files: {
        'mm/core.c': CORE_C,
        'drivers/base/memory.c': BLOCKS_C.replace('\t&dev_attr_state.attr,\n', ''),
        'mm/memory_hotplug.c': REMOVE_UNDER_LOCK.replace('\t//^^^^^^^^^^^ waits\n', ''),
      },
    },
    {
      name: 'a device the tree puts on two buses: which online callback its store reaches is not known',
      entries: ['remove_range'],
      discover: true,
      files: {
        'mm/core.c': CORE_C,
        'drivers/base/memory.c': BLOCKS_C.replace(
          '\treturn create_blocks(memory);',
          '\tif (memory->nr)\n\t\tmemory->dev.bus = &cpu_like_subsys;\n\treturn create_blocks(memory);',
        ),
        'mm/memory_hotplug.c': REMOVE_UNDER_LOCK.replace('\t//^^^^^^^^^^^ waits\n', ''),
      },
    },
    {
      name: 'a store that only trylocks the lock held at the removal records no order against it',
      entries: ['remove_under_device_hotplug'],
      discover: true,
      files: {
        'mm/core.c': CORE_C,
        'drivers/base/memory.c': BLOCKS_C.replace(
          'int ret = device_online(&mem->dev);',
          'int ret = lock_device_hotplug_sysfs();\n\n\tif (ret)\n\t\treturn ret;\n\tret = online_pages(mem->nr, 1, 0, 0);\n\tunlock_device_hotplug();',
        ),
        'mm/memory_hotplug.c': `
void remove_under_device_hotplug(struct memory_block *mem)
{
	lock_device_hotplug();
	remove_blocks(mem);
	arch_remove_memory(0, 0, 0, NULL);
	unlock_device_hotplug();
}
`,
      },
    },
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
      name: 'sysfs devices removed under mem_hotplug_lock, which their store takes through the bus online callback (kernfs active reference)',
      entries: ['remove_range'],
      discover: true,
      files: { 'mm/core.c': CORE_C, 'drivers/base/memory.c': BLOCKS_C, 'mm/memory_hotplug.c': REMOVE_UNDER_LOCK },
    },
    {
      name: 'the same cycle when the store is replayed before the removal (an exported remover found after it)',
      entries: [],
      discover: true,
      files: {
        'mm/core.c': CORE_C,
        'drivers/base/memory.c': BLOCKS_C,
        'mm/memory_hotplug.c': `${REMOVE_UNDER_LOCK}EXPORT_SYMBOL(remove_range);\n`,
      },
    },
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
