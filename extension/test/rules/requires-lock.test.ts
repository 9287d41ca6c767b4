import { requiresLock } from '../../src/core/rules/all/requires-lock.js';
import { ruleTester } from './tester.js';
import { ARCH_X86_C, CPUS_READ_LOCK_EXPORTED, DEVICE_HOTPLUG_C, HOTPLUG_LOCK_C, callChainTo } from './snippets.js';

/** A helper whose contract is stated in code. */
const ASSERTED = `
void grow_device_range(int nid, unsigned long start, unsigned long size)
{
	lockdep_assert_held(&mem_hotplug_lock);
	set_range_bits(nid, start, size);
}
`;

/** A helper whose contract is stated in its comment. */
const DOCUMENTED = `
/*
 * Publish the new range to the zone.
 * Must be called with mem_hotplug_lock in write mode.
 */
void publish_range(unsigned long start_pfn, unsigned long nr_pages)
{
	set_range_bits(0, start_pfn, nr_pages);
}
`;

/** Two structs own a field called lock: only the declared types tell which one a contract means. */
const WORKER_POOL_H = `
struct worker_pool {
	raw_spinlock_t lock;
};

struct pool_workqueue {
	struct worker_pool *pool;
};

struct wait_queue_head {
	spinlock_t lock;
};
`;

const INSERT_ONE = `
static void insert_one(struct pool_workqueue *pwq)
{
	lockdep_assert_held(&pwq->pool->lock);
	link_work(pwq);
}
`;

/** A helper that states its need of device_hotplug_lock, which only unexported functions take. */
const NEEDS_DEVICE_HOTPLUG = `
static int add_range_locked(int nid, u64 start, u64 size)
{
	lockdep_assert_held(&device_hotplug_lock);
	return add_pages(nid, start >> PAGE_SHIFT, size >> PAGE_SHIFT, NULL);
}
`;

/** The hotplug core a found root must reach to be replayed. */
const ADD_PAGES_C = `
int add_pages(int nid, unsigned long start_pfn, unsigned long nr_pages, struct mhp_params *params)
{
	return 0;
}
`;

/**
 * A memory block lookup that states its need in prose, as 5.10+ drivers/base/memory.c does, a poison counter
 * that looks blocks up (`lookup` is its body), and a store that reaches it through memory-failure code.
 */
function poisonLookup(lookup: string, comment = 'Called under device_hotplug_lock.'): Record<string, string> {
  return {
    'drivers/base/core.c': DEVICE_HOTPLUG_C,
    'drivers/base/memory.c': `
/*
 * A reference for the returned block is taken.
 *
 * ${comment}
 */
struct memory_block *find_block_by_id(unsigned long block_id)
{
	struct memory_block *mem = xa_load(&memory_blocks, block_id);

	if (mem)
		get_device(&mem->dev);
	return mem;
}

void block_poison_inc(unsigned long pfn)
{
${lookup}}

static ssize_t hard_offline_page_store(struct device *dev, struct device_attribute *attr, const char *buf, size_t count)
{
	int ret;
	u64 pfn;

	if (kstrtoull(buf, 0, &pfn) < 0)
		return -EINVAL;
	pfn >>= PAGE_SHIFT;
	ret = memory_failure(pfn, 0);
	return ret ? ret : count;
}

static DEVICE_ATTR_WO(hard_offline_page);
`,
    'mm/memory-failure.c': `
static DEFINE_MUTEX(mf_mutex);

static void count_poisoned(unsigned long pfn)
{
	atomic_long_inc(&num_poisoned_pages);
	block_poison_inc(pfn);
}

static int action_result(unsigned long pfn, int type, int result)
{
	count_poisoned(pfn);
	return result ? -EBUSY : 0;
}

int memory_failure(unsigned long pfn, int flags)
{
	int res;

	mutex_lock(&mf_mutex);
	res = action_result(pfn, flags, 0);
	mutex_unlock(&mf_mutex);
	return res;
}
EXPORT_SYMBOL_GPL(memory_failure);
`,
  };
}

const UNLOCKED_LOOKUP = `	struct memory_block *mem = find_block_by_id(pfn >> 15);
	//                         ^^^^^^^^^^^^^^^^ notHeld

	if (mem) {
		atomic_long_inc(&mem->nr_hwpoison);
		put_device(&mem->dev);
	}
`;

const LOCKED_LOOKUP = `	struct memory_block *mem;

	lock_device_hotplug();
	mem = find_block_by_id(pfn >> 15);
	if (mem) {
		atomic_long_inc(&mem->nr_hwpoison);
		put_device(&mem->dev);
	}
	unlock_device_hotplug();
`;

/** memmap on memory (6.6 shape, cut down): the vmemmap pages are initialised before onlining the rest. */
function memmapOnMemory(online: string): Record<string, string> {
  return {
    'mm/memory_hotplug.c':
      HOTPLUG_LOCK_C +
      `
int mhp_init_memmap_on_memory(unsigned long pfn, unsigned long nr_pages, struct zone *zone)
{
	move_pfn_range_to_zone(zone, pfn, nr_pages, NULL, MIGRATE_UNMOVABLE);
	return 0;
}
`,
    'drivers/base/memory.c': `
int block_online(unsigned long start_pfn, unsigned long nr_pages, struct zone *zone)
{
	int ret;

${online}	return ret;
}
`,
  };
}

ruleTester(requiresLock, {
  valid: [
    {
      name: 'the vmemmap pages of a memory block are initialised under mem_hotplug_lock',
      entries: ['block_online'],
      files: memmapOnMemory(
        '\tmem_hotplug_begin();\n\tret = mhp_init_memmap_on_memory(start_pfn, nr_pages, zone);\n\tmem_hotplug_done();\n',
      ),
    },
    {
      name: 'memory-failure code looks a memory block up under device_hotplug_lock, as its comment asks',
      entries: [],
      discover: true,
      files: poisonLookup(LOCKED_LOOKUP),
    },
    {
      name: '"Called under" a name no lock wrapper takes is not a lock contract',
      entries: [],
      discover: true,
      files: poisonLookup(UNLOCKED_LOOKUP.replace(/\n\t\/\/ +\^+ notHeld/, ''), 'Called under rcu_read_lock.'),
    },
    {
      name: 'an exported function reaches a need of a lock that an exported function takes: its callers may hold it',
      entries: [],
      files: {
        'kernel/cpu.c': CPUS_READ_LOCK_EXPORTED,
        'arch/x86/mm/init_64.c': ADD_PAGES_C,
        'mm/memory_hotplug.c': `
static void count_online(int nid)
{
	lockdep_assert_held(&cpu_hotplug_lock);
	add_pages(nid, 0, 0, NULL);
}

void count_online_nodes(int nid)
{
	count_online(nid);
}
EXPORT_SYMBOL_GPL(count_online_nodes);
`,
      },
    },
    {
      name: 'an exported function reaches a need of a lock whose takers are not in the tree: not known to be out of reach',
      entries: [],
      files: {
        'arch/x86/mm/init_64.c': ADD_PAGES_C,
        'mm/memory_hotplug.c':
          NEEDS_DEVICE_HOTPLUG +
          `
int add_range(int nid, u64 start, u64 size)
{
	return add_range_locked(nid, start, size);
}
EXPORT_SYMBOL_GPL(add_range);
`,
      },
    },
    {
      name: 'a lock wrapper past the depth bound is entered: its lock is held for the contract after it',
      entries: ['step0'],
      files: {
        'drivers/base/core.c': `
int online_pages(unsigned long pfn)
{
	return 0;
}

struct device {
	struct mutex mutex;
};

static void lock_it(struct device *dev)
{
	mutex_lock(&dev->mutex);
}

static void kill_it(struct device *dev)
{
	lockdep_assert_held(&dev->mutex);
	mark_dead(dev);
}

static void step9(struct device *dev)
{
	online_pages(0);
	lock_it(dev);
	kill_it(dev);
	mutex_unlock(&dev->mutex);
}

${callChainTo(8)}`,
      },
    },
    {
      name: 'the contract names the lock through a member chain; the caller holds it through a local',
      entries: ['queue_one'],
      files: {
        'include/linux/workqueue.h': WORKER_POOL_H,
        'kernel/workqueue.c':
          INSERT_ONE +
          `
void queue_one(struct pool_workqueue *pwq)
{
	struct worker_pool *pool = pwq->pool;

	raw_spin_lock(&pool->lock);
	insert_one(pwq);
	raw_spin_unlock(&pool->lock);
}
`,
      },
    },
    {
      name: 'a lock held through a pointer the replay cannot name may be the one needed: not judged',
      entries: ['queue_locked'],
      files: {
        'include/linux/workqueue.h': WORKER_POOL_H,
        'kernel/workqueue.c':
          INSERT_ONE +
          `
void queue_locked(struct pool_workqueue *pwq, raw_spinlock_t *lock)
{
	raw_spin_lock(lock);
	insert_one(pwq);
	raw_spin_unlock(lock);
}
`,
      },
    },
    {
      name: 'a contract on a lock handed in by pointer cannot be named: not checked',
      entries: ['wake_one'],
      files: {
        'kernel/sched/wait.c': `
static void wake_locked(spinlock_t *lock)
{
	lockdep_assert_held(lock);
	wake_it();
}

void wake_one(void)
{
	wake_locked(&global_wait_lock);
}
`,
      },
    },
    {
      name: 'lockdep_assert_held() contract met: helper called between mem_hotplug_begin() and _done()',
      entries: ['plug'],
      files: {
        'mm/memory_hotplug.c': HOTPLUG_LOCK_C + ASSERTED,
        'mm/plug.c': `
void plug(unsigned long start, unsigned long size)
{
	mem_hotplug_begin();
	grow_device_range(0, start, size);
	mem_hotplug_done();
}
`,
      },
    },
    {
      name: 'comment contract met: helper called under mem_hotplug_begin()',
      entries: ['plug'],
      files: {
        'mm/memory_hotplug.c': HOTPLUG_LOCK_C + DOCUMENTED,
        'mm/plug.c': `
void plug(unsigned long pfn, unsigned long nr)
{
	mem_hotplug_begin();
	publish_range(pfn, nr);
	mem_hotplug_done();
}
`,
      },
    },
    {
      name: 'table contract met, lock taken two calls up (interprocedural)',
      entries: ['plug'],
      files: {
        'mm/memory_hotplug.c': HOTPLUG_LOCK_C,
        'arch/x86/mm/init_64.c': ARCH_X86_C,
        'mm/plug.c': `
static int finish(int nid, u64 start, u64 size)
{
	return arch_add_memory(nid, start, size, NULL);
}

static int middle(int nid, u64 start, u64 size)
{
	return finish(nid, start, size);
}

int plug(int nid, u64 start, u64 size)
{
	int ret;

	mem_hotplug_begin();
	ret = middle(nid, start, size);
	mem_hotplug_done();
	return ret;
}
`,
      },
    },
    {
      name: 'table contract met on every path of a goto ladder: the error path releases after the unwind',
      entries: ['plug'],
      files: {
        'mm/memory_hotplug.c': HOTPLUG_LOCK_C,
        'mm/plug.c': `
int plug(int nid, u64 start, u64 size)
{
	int ret;

	mem_hotplug_begin();
	ret = arch_add_memory(nid, start, size, NULL);
	if (ret)
		goto out;
	move_pfn_range_to_zone(&NODE_DATA(nid)->node_zones[ZONE_DEVICE], start >> PAGE_SHIFT, size >> PAGE_SHIFT, NULL);
out:
	mem_hotplug_done();
	return ret;
}
`,
      },
    },
    {
      name: 'the caller holds device_hotplug_lock through lock_device_hotplug() as the NOTE comment asks',
      entries: ['probe_range'],
      files: {
        'drivers/base/core.c': DEVICE_HOTPLUG_C,
        'mm/memory_hotplug.c': `
/*
 * Add a RAM range.
 * NOTE: The caller must call lock_device_hotplug() to serialize hotplug
 * and online/offline operations.
 */
int plug_ram(int nid, u64 start, u64 size)
{
	return register_ram(nid, start, size);
}
`,
        'drivers/base/memory.c': `
int probe_range(u64 start, u64 size)
{
	int ret;

	lock_device_hotplug();
	ret = plug_ram(0, start, size);
	unlock_device_hotplug();
	return ret;
}
`,
      },
    },
  ],
  invalid: [
    {
      name: 'table contract: the vmemmap pages of a memory block are initialised before mem_hotplug_begin(), reported at that call',
      entries: ['block_online'],
      files: memmapOnMemory(
        '\tret = mhp_init_memmap_on_memory(start_pfn, nr_pages, zone);\n\t//    ^^^^^^^^^^^^^^^^^^^^^^^^^ notHeld\n\tmem_hotplug_begin();\n\tmem_hotplug_done();\n',
      ),
    },
    {
      name: 'a sysfs store reaches, through memory-failure code, a lookup whose comment says it is called under device_hotplug_lock',
      entries: [],
      discover: true,
      files: poisonLookup(UNLOCKED_LOOKUP),
    },
    {
      name: 'an exported function reaches a need of device_hotplug_lock, which no exported function takes: reported at its own call',
      entries: [],
      files: {
        'drivers/base/core.c': DEVICE_HOTPLUG_C,
        'arch/x86/mm/init_64.c': ADD_PAGES_C,
        'mm/memory_hotplug.c':
          NEEDS_DEVICE_HOTPLUG +
          `
static int __add_range(int nid, u64 start, u64 size)
{
	return add_range_locked(nid, start, size);
}

int add_range(int nid, u64 start, u64 size)
{
	return __add_range(nid, start, size);
	//     ^^^^^^^^^^^ exportBoundary
}
EXPORT_SYMBOL_GPL(add_range);
`,
      },
    },
    {
      name: 'a sysfs store found by its attribute is replayed with no lock held',
      entries: [],
      files: {
        'drivers/base/core.c': DEVICE_HOTPLUG_C,
        'arch/x86/mm/init_64.c': ADD_PAGES_C,
        'drivers/base/memory.c':
          NEEDS_DEVICE_HOTPLUG.replace('NULL);\n', 'NULL);\n\t//     ^^^^^^^^^ notHeld\n') +
          `
static ssize_t grow_store(struct device *dev, struct device_attribute *attr, const char *buf, size_t count)
{
	int ret = add_range_locked(0, 0, 0);
	//        ^^^^^^^^^^^^^^^^ notHeld
	return ret ? ret : count;
}

static DEVICE_ATTR_WO(grow);
`,
      },
    },
    {
      name: "the contract named through a member chain, the caller holds another struct's lock of that name",
      entries: ['queue_one'],
      files: {
        'include/linux/workqueue.h': WORKER_POOL_H,
        'kernel/workqueue.c':
          INSERT_ONE +
          `
void queue_one(struct pool_workqueue *pwq, struct wait_queue_head *wq)
{
	spin_lock(&wq->lock);
	insert_one(pwq);
	//^^^^^^^^ notHeld
	spin_unlock(&wq->lock);
}
`,
      },
    },
    {
      name: 'lockdep_assert_held() contract: helper called without the lock',
      entries: ['plug'],
      files: {
        'mm/memory_hotplug.c': HOTPLUG_LOCK_C + ASSERTED,
        'mm/plug.c': `
void plug(unsigned long start, unsigned long size)
{
	grow_device_range(0, start, size);
	//^^^^^^^^^^^^^^^ notHeld
}
`,
      },
    },
    {
      name: 'table contract: arch_add_memory() reached two calls down after mem_hotplug_done(), reported once at the outer call (interprocedural)',
      entries: ['plug'],
      files: {
        'mm/memory_hotplug.c': HOTPLUG_LOCK_C,
        'arch/x86/mm/init_64.c': ARCH_X86_C,
        'mm/plug.c': `
static int finish(int nid, u64 start, u64 size)
{
	return arch_add_memory(nid, start, size, NULL);
	//     ^^^^^^^^^^^^^^^ notHeld
}

static int middle(int nid, u64 start, u64 size)
{
	return finish(nid, start, size);
}

int plug(int nid, u64 start, u64 size)
{
	mem_hotplug_begin();
	set_range_bits(nid, start, size);
	mem_hotplug_done();
	return middle(nid, start, size);
}
`,
      },
    },
    {
      name: 'table contract: the error path unwinds with arch_remove_memory() after the lock is dropped',
      entries: ['plug'],
      files: {
        'mm/memory_hotplug.c': HOTPLUG_LOCK_C,
        'mm/plug.c': `
int plug(int nid, u64 start, u64 size)
{
	int ret;

	mem_hotplug_begin();
	ret = arch_add_memory(nid, start, size, NULL);
	mem_hotplug_done();
	if (ret)
		return ret;
	ret = register_range(start, size);
	if (ret)
		goto err_register;
	return 0;

err_register:
	arch_remove_memory(start, size, NULL);
	//^^^^^^^^^^^^^^^^ notHeld
	return ret;
}
`,
      },
    },
    {
      name: 'write contract, lock held for read through get_online_mems() (fallback table)',
      entries: ['plug'],
      files: {
        'mm/plug.c': `
int plug(int nid, unsigned long pfn, unsigned long nr)
{
	int ret;

	get_online_mems();
	ret = add_pages(nid, pfn, nr, NULL);
	//    ^^^^^^^^^ wrongMode
	put_online_mems();
	return ret;
}
`,
      },
    },
    {
      name: 'NOTE comment contract: device_hotplug_lock not taken by the sysfs caller',
      entries: ['probe_range'],
      files: {
        'drivers/base/core.c': DEVICE_HOTPLUG_C,
        'mm/memory_hotplug.c': `
/*
 * Add a RAM range.
 * NOTE: The caller must call lock_device_hotplug() to serialize hotplug
 * and online/offline operations.
 */
int plug_ram(int nid, u64 start, u64 size)
{
	return register_ram(nid, start, size);
}
`,
        'drivers/base/memory.c': `
int probe_range(u64 start, u64 size)
{
	return plug_ram(0, start, size);
	//     ^^^^^^^^ notHeld
}
`,
      },
    },
    {
      name: '__must_hold() contract on a zone->lock helper, called without the spinlock',
      entries: ['drain'],
      files: {
        'include/linux/mmzone.h': `
struct zone {
	spinlock_t lock;
	unsigned long nr_free;
};
`,
        'mm/page_alloc.c': `
static void take_free(struct zone *zone, unsigned long n)
	__must_hold(&zone->lock)
{
	zone->nr_free -= n;
}

void drain(struct zone *zone)
{
	unsigned long flags;

	spin_lock_irqsave(&zone->lock, flags);
	take_free(zone, 1);
	spin_unlock_irqrestore(&zone->lock, flags);
	take_free(zone, 2);
	//^^^^^^^ notHeld
}
`,
      },
    },
    {
      name: 'comment contract: helper called one function down after mem_hotplug_done() (interprocedural)',
      entries: ['plug'],
      files: {
        'mm/memory_hotplug.c': HOTPLUG_LOCK_C + DOCUMENTED,
        'mm/plug.c': `
static void finish(unsigned long pfn, unsigned long nr)
{
	publish_range(pfn, nr);
	//^^^^^^^^^^^ notHeld
}

void plug(unsigned long pfn, unsigned long nr)
{
	mem_hotplug_begin();
	set_range_bits(0, pfn, nr);
	mem_hotplug_done();
	finish(pfn, nr);
}
`,
      },
    },
    {
      name: 'lockdep contract: asserting helper called one function down without the lock (interprocedural)',
      entries: ['plug'],
      files: {
        'mm/memory_hotplug.c': ASSERTED,
        'mm/plug.c': `
static void finish(unsigned long start, unsigned long size)
{
	grow_device_range(0, start, size);
	//^^^^^^^^^^^^^^^ notHeld
}

void plug(unsigned long start, unsigned long size)
{
	finish(start, size);
}
`,
      },
    },
  ],
});
