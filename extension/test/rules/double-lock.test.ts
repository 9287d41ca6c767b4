import { doubleLock } from '../../src/core/rules/all/double-lock.js';
import { ruleTester } from './tester.js';
import { knownWrong } from './known-wrong.js';
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

/** NESTED_BEGIN with the nested acquisition marked: it is reported at add_range()'s call, whichever wrappers. */
const NESTED_BEGIN_MARKED = NESTED_BEGIN.replace('\tmem_hotplug_begin();\n\tret = arch_add_memory', '\tmem_hotplug_begin();\n\t//^^^^^^^^^^^^^^^ again\n\tret = arch_add_memory');

ruleTester(doubleLock, {
  valid: [
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
  ],
});

knownWrong(doubleLock, {
  name: 'two helpers each take mem_hotplug_begin() again under the caller',
  fixme: 'two() replays mem_hotplug_begin() from the memo of one()\'s call (same lock state), and the recorded acquire keeps one()\'s call site (core/sim/engine.ts runFunction re-emits memoized events as recorded), so the nested call in two() is reported at mm/setup.c:5; it should be mm/setup.c:5:1 and mm/setup.c:12:1 again',
  today: ['mm/setup.c:5:1 again'],
  entries: ['setup'],
  files: {
    'mm/memory_hotplug.c': HOTPLUG_LOCK_C,
    'mm/setup.c': `
static void one(void)
{
	publish();
	mem_hotplug_begin();
	publish();
	mem_hotplug_done();
}

static void two(void)
{
	mem_hotplug_begin();
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
});
