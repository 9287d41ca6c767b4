import { describe, expect, it } from 'vitest';
import { doubleLock } from '../../src/core/rules/all/double-lock.js';
import { findingsFor, ruleTester, type RuleCase } from './tester.js';
import { HOTPLUG_LOCK_C } from './snippets.js';

/** A helper that takes mem_hotplug_lock, called by a caller that already holds it. */
const NESTED_BEGIN = `
static int add_range(int nid, u64 start, u64 size)
{
	int ret;

	mem_hotplug_begin();
	ret = arch_add_memory(nid, start, size, NULL);
	mem_hotplug_done();
	return ret;
}

int plug(int nid, u64 start, u64 size)
{
	int ret;

	mem_hotplug_begin();
	ret = add_range(nid, start, size);
	mem_hotplug_done();
	return ret;
}
`;

/** Two helpers that each call mem_hotplug_begin() again under the caller: each nested call is its own finding. */
const TWO_HELPERS: RuleCase = {
  name: 'two helpers each take mem_hotplug_begin() again under the caller (wrappers from source): each reported at its own call',
  entries: ['setup'],
  files: {
    'mm/memory_hotplug.c': HOTPLUG_LOCK_C,
    'mm/setup.c': `
static void one(void)
{
	publish();
	mem_hotplug_begin();
	//^^^^^^^^^^^^^^^ again
	publish();
	mem_hotplug_done();
}

static void two(void)
{
	mem_hotplug_begin();
	//^^^^^^^^^^^^^^^ again
	publish();
	mem_hotplug_done();
}

int setup(void)
{
	mem_hotplug_begin();
	one();
	two();
	mem_hotplug_done();
	return 0;
}
`,
  },
};

/** NESTED_BEGIN with the nested acquisition marked: it is reported at add_range()'s call, whichever wrappers. */
const NESTED_BEGIN_MARKED = NESTED_BEGIN.replace(
  '\tmem_hotplug_begin();\n\tret = arch_add_memory',
  '\tmem_hotplug_begin();\n\t//^^^^^^^^^^^^^^^ again\n\tret = arch_add_memory',
);

ruleTester(doubleLock, {
  valid: [
    {
      name: 'a trylock of a lock the path holds fails (mm_take_all_locks() asserts the mmap lock is held that way)',
      entries: ['take_all'],
      files: {
        'mm/mmap.c': `
struct mm_struct {
	struct rw_semaphore mmap_sem;
};

void take_all(struct mm_struct *mm)
{
	down_write(&mm->mmap_sem);
	BUG_ON(down_read_trylock(&mm->mmap_sem));
	up_write(&mm->mmap_sem);
}
`,
      },
    },
    {
      name: 'past a call through an ops table the lock of the same struct field belongs to another object',
      entries: ['add_one'],
      files: {
        'drivers/base/core.c': `
int online_pages(unsigned long pfn)
{
	return 0;
}

struct subsys_private {
	struct mutex mutex;
};

struct class {
	struct subsys_private *p;
};

struct device {
	struct class *class;
};

struct class_interface {
	int (*add_dev)(struct device *dev);
};

static int rtc_add_device(struct device *dev)
{
	remove_other(dev);
	return 0;
}

static struct class_interface rtc_interface = {
	.add_dev = rtc_add_device,
};

void remove_other(struct device *dev)
{
	mutex_lock(&dev->class->p->mutex);
	online_pages(0);
	unlink_it(dev);
	mutex_unlock(&dev->class->p->mutex);
}

void add_one(struct device *dev, struct class_interface *intf)
{
	mutex_lock(&dev->class->p->mutex);
	intf->add_dev(dev);
	mutex_unlock(&dev->class->p->mutex);
}
`,
      },
    },
    {
      name: 'two locks of a field name the replay cannot tie to one struct are not the same lock',
      entries: ['move_one'],
      files: {
        'mm/move.c': `
struct src_list {
	spinlock_t lock;
};

struct dst_list {
	spinlock_t lock;
};

void move_one(void *from, void *to)
{
	spin_lock(&from_list(from)->lock);
	spin_lock(&to_list(to)->lock);
	move_entry(from, to);
	spin_unlock(&to_list(to)->lock);
	spin_unlock(&from_list(from)->lock);
}
`,
      },
    },
    {
      name: 'read lock taken twice (get_online_mems() nests, fallback table)',
      entries: ['walk'],
      files: {
        'mm/walk.c': `
static void count_one(void)
{
	get_online_mems();
	count_pages();
	put_online_mems();
}

void walk(void)
{
	get_online_mems();
	count_one();
	put_online_mems();
}
`,
      },
    },
    {
      name: 'lock dropped before the loop takes it again',
      entries: ['drain'],
      files: {
        'mm/drain.c': `
void drain(int n)
{
	int i;

	for (i = 0; i < n; i++) {
		mutex_lock(&drain_lock);
		drain_one(i);
		mutex_unlock(&drain_lock);
	}
}
`,
      },
    },
    {
      name: 'retry path releases before jumping back to the lock',
      entries: ['offline'],
      files: {
        'mm/offline.c': `
int offline(void)
{
	int ret;

repeat:
	mutex_lock(&offline_lock);
	ret = isolate();
	if (ret) {
		mutex_unlock(&offline_lock);
		goto repeat;
	}
	mutex_unlock(&offline_lock);
	return 0;
}
`,
      },
    },
    {
      name: 'rcu_read_lock() nests',
      entries: ['lookup'],
      files: {
        'mm/lookup.c': `
static void *find(unsigned long pfn)
{
	void *p;

	rcu_read_lock();
	p = radix_lookup(pfn);
	rcu_read_unlock();
	return p;
}

void *lookup(unsigned long pfn)
{
	void *p;

	rcu_read_lock();
	p = find(pfn);
	rcu_read_unlock();
	return p;
}
`,
      },
    },
    {
      name: 'mutex_lock_nested() annotates an intended same-class nesting',
      entries: ['merge'],
      files: {
        'include/linux/device.h': `
struct device {
	struct mutex mutex;
	struct device *parent;
};
`,
        'mm/merge.c': `
void merge(struct device *dev)
{
	struct device *parent = dev->parent;

	mutex_lock(&parent->mutex);
	mutex_lock_nested(&dev->mutex, SINGLE_DEPTH_NESTING);
	move_children(parent, dev);
	mutex_unlock(&dev->mutex);
	mutex_unlock(&parent->mutex);
}
`,
      },
    },
  ],
  invalid: [
    {
      name: 'callee takes mem_hotplug_lock again under its caller (interprocedural, fallback wrappers)',
      entries: ['plug'],
      files: {
        'mm/plug.c': NESTED_BEGIN_MARKED,
      },
    },
    {
      name: 'callee calls mem_hotplug_begin() again, wrappers summarised from source: reported at the nested call, not in the wrapper',
      entries: ['plug'],
      files: {
        'mm/memory_hotplug.c': HOTPLUG_LOCK_C,
        'mm/plug.c': NESTED_BEGIN_MARKED,
      },
    },
    {
      name: 'error path jumps back to the lock without releasing it',
      entries: ['offline'],
      files: {
        'mm/offline.c': `
int offline(void)
{
	int ret;

repeat:
	mutex_lock(&offline_lock);
	//^^^^^^^^ again
	ret = isolate();
	if (ret)
		goto repeat;
	mutex_unlock(&offline_lock);
	return 0;
}
`,
      },
    },
    {
      name: 'spinlock of the same struct field taken through a second pointer',
      entries: ['merge'],
      files: {
        'include/linux/mmzone.h': `
struct zone {
	spinlock_t lock;
	unsigned long nr_free;
};
`,
        'mm/merge.c': `
void merge(struct zone *zone, struct zone *other)
{
	unsigned long flags;

	spin_lock_irqsave(&zone->lock, flags);
	spin_lock(&other->lock);
	//^^^^^^^ again
	other->nr_free += zone->nr_free;
	spin_unlock(&other->lock);
	spin_unlock_irqrestore(&zone->lock, flags);
}
`,
      },
    },
    TWO_HELPERS,
  ],
});

describe('double-lock: a wrapper called at two places', () => {
  // The caret lines are lines of the C text too: one()'s call is line 5, two()'s line 13, setup()'s hold line 21.
  it("reports each nested mem_hotplug_begin() with its own chain, both taken again over the caller's hold", async () => {
    const found = await findingsFor(doubleLock, TWO_HELPERS);
    expect(
      found.map((f) => [
        `${f.location.file}:${f.location.line}:${f.location.column} ${f.message}`,
        ...f.chain.map((c) => `  ${c.file}:${c.line} ${c.caller}() -> ${c.callee}()`),
      ]),
    ).toEqual([
      [
        'mm/setup.c:5:1 mem_hotplug_lock acquired by mem_hotplug_begin() while already held (taken at mm/setup.c:21 via mem_hotplug_begin())',
        '  mm/setup.c:22 setup() -> one()',
      ],
      [
        'mm/setup.c:13:1 mem_hotplug_lock acquired by mem_hotplug_begin() while already held (taken at mm/setup.c:21 via mem_hotplug_begin())',
        '  mm/setup.c:23 setup() -> two()',
      ],
    ]);
  });
});
