import { describe, expect, it } from 'vitest';
import { sleepInAtomic } from '../../src/core/rules/all/sleep-in-atomic.js';
import { findingsFor, ruleTester, type RuleCase } from './tester.js';
import { callChainTo, PGDAT_LOCK_H } from './snippets.js';

/** A helper that sleeps two calls down: the rule must see through it. */
const HELPER_TWO_DOWN: RuleCase = {
  name: 'a helper that allocates page tables two calls down, called under zone->lock (interprocedural)',
  entries: ['offline'],
  files: {
    'include/linux/memory_hotplug.h': PGDAT_LOCK_H,
    'mm/offline.c': `
static void *alloc_table(unsigned long n)
{
	return vzalloc(n * sizeof(long));
}

static int prepare_shadow(unsigned long n)
{
	return alloc_table(n) ? 0 : -ENOMEM;
}

void offline(struct zone *zone, unsigned long n)
{
	unsigned long flags;

	spin_lock_irqsave(&zone->lock, flags);
	prepare_shadow(n);
	//^^^^^^^^^^^^ sleeps
	spin_unlock_irqrestore(&zone->lock, flags);
}
`,
  },
};

ruleTester(sleepInAtomic, {
  valid: [
    {
      name: 'panic() never returns: the replay ends the path at the call and does not go into its irqs-off body',
      entries: ['fail_hard'],
      files: {
        'kernel/panic.c': `
void panic(const char *fmt, ...)
{
	local_irq_disable();
	msleep(1);
}
`,
        'mm/memory-failure.c': `
int fail_hard(int recover)
{
	if (!recover)
		panic("unrecoverable");
	return 0;
}
`,
      },
    },
    {
      name: 'a lock a callee releases past the depth bound is not held after the call (devres_release_all shape)',
      entries: ['step0'],
      files: {
        'drivers/base/devres.c': `
int online_pages(unsigned long pfn)
{
	return 0;
}

struct device {
	spinlock_t devres_lock;
};

static void release_nodes(struct device *dev, unsigned long flags)
{
	drop_nodes(dev);
	spin_unlock_irqrestore(&dev->devres_lock, flags);
}

static void release_all(struct device *dev)
{
	unsigned long flags;

	spin_lock_irqsave(&dev->devres_lock, flags);
	release_nodes(dev, flags);
}

static void step8(struct device *dev)
{
	online_pages(0);
	release_all(dev);
	msleep(1);
}

${callChainTo(7)}`,
      },
    },
    {
      name: 'GFP_KERNEL allocation before the resize spinlock, GFP_ATOMIC under it (sparse_add_one_section order)',
      entries: ['add_section'],
      files: {
        'include/linux/memory_hotplug.h': PGDAT_LOCK_H,
        'mm/sparse.c': `
int add_section(struct pglist_data *pgdat, unsigned long pfn)
{
	unsigned long flags;
	void *map, *usage;

	map = kzalloc(4096, GFP_KERNEL);
	if (!map)
		return -ENOMEM;
	pgdat_resize_lock(pgdat, &flags);
	usage = kmalloc(64, GFP_ATOMIC);
	install_section(pfn, map, usage);
	pgdat_resize_unlock(pgdat, &flags);
	return 0;
}
`,
      },
    },
    {
      name: 'sleeping after the spinlock is dropped, and a mutex under a mutex',
      entries: ['offline'],
      files: {
        'mm/offline.c': `
void offline(void)
{
	spin_lock(&isolate_lock);
	isolate_all();
	spin_unlock(&isolate_lock);
	msleep(10);
	mutex_lock(&outer_lock);
	mutex_lock(&inner_lock);
	mutex_unlock(&inner_lock);
	mutex_unlock(&outer_lock);
}
`,
      },
    },
    {
      name: 'the shadow helpers under mem_hotplug_lock, a sleeping lock (fallback wrappers)',
      entries: ['setup'],
      files: {
        'mm/setup.c': `
int setup(u64 start, u64 size)
{
	int ret;

	mem_hotplug_begin();
	ret = kasan_add_zero_shadow(__va(start), size);
	mem_hotplug_done();
	return ret;
}
`,
      },
    },
  ],
  invalid: [
    {
      name: 'GFP_KERNEL allocation under the node resize spinlock',
      entries: ['add_section'],
      files: {
        'include/linux/memory_hotplug.h': PGDAT_LOCK_H,
        'mm/sparse.c': `
int add_section(struct pglist_data *pgdat, unsigned long pfn)
{
	unsigned long flags;
	void *map;

	pgdat_resize_lock(pgdat, &flags);
	map = kzalloc(4096, GFP_KERNEL);
	//    ^^^^^^^ sleeps
	install_section(pfn, map, NULL);
	pgdat_resize_unlock(pgdat, &flags);
	return 0;
}
`,
      },
    },
    HELPER_TWO_DOWN,
    {
      name: 'the error path unwinds the KASAN shadow before dropping the spinlock',
      entries: ['resize'],
      files: {
        'include/linux/memory_hotplug.h': PGDAT_LOCK_H,
        'mm/resize.c': `
int resize(struct pglist_data *pgdat, u64 start, u64 size)
{
	unsigned long flags;
	int ret;

	pgdat_resize_lock(pgdat, &flags);
	ret = extend_node(pgdat, start, size);
	if (ret)
		goto err;
	pgdat_resize_unlock(pgdat, &flags);
	return 0;

err:
	kasan_remove_zero_shadow(__va(start), size);
	//^^^^^^^^^^^^^^^^^^^^^^^ sleeps
	pgdat_resize_unlock(pgdat, &flags);
	return ret;
}
`,
      },
    },
    {
      name: 'sleeping under RCU, with interrupts off, and with preemption off',
      entries: ['walk'],
      files: {
        'mm/walk.c': `
void walk(void)
{
	unsigned long flags;

	rcu_read_lock();
	synchronize_rcu();
	//^^^^^^^^^^^^^^^ sleeps
	rcu_read_unlock();

	local_irq_save(flags);
	mutex_lock(&walk_lock);
	//^^^^^^^^ sleeps
	mutex_unlock(&walk_lock);
	local_irq_restore(flags);

	preempt_disable();
	cond_resched();
	//^^^^^^^^^^^^ sleeps
	preempt_enable();
}
`,
      },
    },
    {
      name: 'zone span seqlock writer held while a memory block device is created',
      entries: ['grow'],
      files: {
        'include/linux/memory_hotplug.h': PGDAT_LOCK_H,
        'mm/grow.c': `
void grow(struct zone *zone, unsigned long pfn)
{
	zone_span_writelock(zone);
	extend_span(zone, pfn);
	create_memory_block_devices(pfn, 1);
	//^^^^^^^^^^^^^^^^^^^^^^^^^^^ sleeps
	zone_span_writeunlock(zone);
}
`,
      },
    },
  ],
});

describe('sleep-in-atomic: the why', () => {
  it('spells the chain down to the sleeping call and where the spinlock was taken', async () => {
    const [f] = await findingsFor(sleepInAtomic, HELPER_TWO_DOWN);
    expect(f?.message).toBe(
      'prepare_shadow() may sleep (prepare_shadow() -> alloc_table() -> vzalloc()) but zone.lock (spinlock) is held here (taken at mm/offline.c:16)',
    );
  });
});
