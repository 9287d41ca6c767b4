import { describe, expect, it } from 'vitest';
import { unlockNotHeld } from '../../src/core/rules/all/unlock-not-held.js';
import { findingsFor, ruleTester, type RuleCase } from './tester.js';
import { CPUS_READ_LOCK_EXPORTED, DEVICE_HOTPLUG_C, HOTPLUG_LOCK_C, callChainTo } from './snippets.js';

/** A sysfs store that unlocks only when the trylock succeeded (the way drivers/base/memory.c does it). */
const STORE_OK = `
static int online_store(struct device *dev, const char *buf)
{
	int ret;

	ret = lock_device_hotplug_sysfs();
	if (ret)
		return ret;
	ret = add_memory(0, 0, 0);
	unlock_device_hotplug();
	return ret;
}
`;

/** The DOMAIN pattern: the failed trylock jumps to a label that unlocks. */
const STORE_BAD = `
static int offline_store(struct device *dev, const char *buf)
{
	int ret = 0;

	if (lock_device_hotplug_sysfs())
		goto out;
	ret = remove_memory(0, 0, 0);
out:
	unlock_device_hotplug();
	return ret;
}
`;

/** STORE_BAD with its finding: the unlock after the failed trylock, at the call whichever way the wrapper is known. */
const STORE_BAD_MARKED = STORE_BAD.replace(
  '\tunlock_device_hotplug();\n',
  '\tunlock_device_hotplug();\n\t//^^^^^^^^^^^^^^^^^^^ notHeld\n',
);

/** A helper whose only call is the unlock (so a lock wrapper), called without the lock it drops. */
const UNLOCK_ONLY_HELPER = `
static void finish(spinlock_t *lock, unsigned long flags)
{
	spin_unlock_irqrestore(lock, flags);
}

void shrink(unsigned long flags)
{
	count_pages();
	finish(&span_lock, flags);
}
`;

/** A failed mutex_trylock() falls through to the unlock. */
const TRYLOCK_FALLS_THROUGH: RuleCase = {
  name: 'failed mutex_trylock() falls through to the unlock',
  entries: ['try_grow'],
  files: {
    'mm/grow.c': `
int try_grow(void)
{
	int ret = -EBUSY;

	if (!mutex_trylock(&grow_lock))
		goto out;
	ret = grow_one();
out:
	mutex_unlock(&grow_lock);
	//^^^^^^^^^^ notHeld
	return ret;
}
`,
  },
};

/** mem_hotplug_done() with nothing held, at two places: each call is its own finding. */
const TWO_DONES: RuleCase = {
  name: 'two calls of mem_hotplug_done() with nothing held, in different places (wrappers from source): each reported at its own call',
  entries: ['setup'],
  files: {
    'mm/memory_hotplug.c': HOTPLUG_LOCK_C,
    'mm/setup.c': `
int setup(void)
{
	if (probe_one()) {
		mem_hotplug_done();
		//^^^^^^^^^^^^^^^ notHeld
		return 1;
	}
	mem_hotplug_done();
	//^^^^^^^^^^^^^^^ notHeld
	return 0;
}
`,
  },
};

/** The error path calls mem_hotplug_done() and jumps to a label that calls it again. */
const DOUBLE_DONE: RuleCase = {
  name: 'error path calls mem_hotplug_done() and jumps to a label that calls it again (wrappers from source): reported at the second call',
  entries: ['setup'],
  files: {
    'mm/memory_hotplug.c': HOTPLUG_LOCK_C,
    'mm/setup.c': `
int setup(u64 start, u64 size)
{
	int ret;

	mem_hotplug_begin();
	ret = arch_add_memory(0, start, size, NULL);
	if (ret) {
		mem_hotplug_done();
		goto err;
	}
	mem_hotplug_done();
	return 0;
err:
	mem_hotplug_done();
	//^^^^^^^^^^^^^^^ notHeld
	return ret;
}
`,
  },
};

ruleTester(unlockNotHeld, {
  valid: [
    {
      name: "a callee past the depth bound releases a lock it cannot name, of the held lock's field: the later unlock is not judged",
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

static void hand_over(struct device *dev)
{
	mutex_unlock(&owner_of(dev)->mutex);
}

static void mid(struct device *dev)
{
	mutex_lock(&dev->mutex);
	hand_over(dev);
	mutex_unlock(&dev->mutex);
}

static void step8(struct device *dev)
{
	online_pages(0);
	mid(dev);
}

${callChainTo(7)}`,
      },
    },
    {
      name: 'an exported function releases a lock an exported function takes: its caller may hold it',
      entries: [],
      files: {
        'kernel/cpu.c': CPUS_READ_LOCK_EXPORTED,
        'mm/memory_hotplug.c': `
int online_pages(unsigned long pfn)
{
	return 0;
}

void put_online_range(void)
{
	cpus_read_unlock();
	online_pages(0);
}
EXPORT_SYMBOL_GPL(put_online_range);
`,
      },
    },
    {
      name: 'a callee past the depth bound calls through an ops member named like a function that unlocks: not that function',
      entries: ['step0'],
      files: {
        'mm/memory-failure.c': `
int online_pages(unsigned long pfn)
{
	return 0;
}

struct range_ops {
	void (*done_range)(struct device *dev);
};

struct device {
	const struct range_ops *ops;
};

void done_range(struct device *dev)
{
	mutex_unlock(&range_mutex);
}

static void handle(struct device *dev)
{
	dev->ops->done_range(dev);
}

static void mid(struct device *dev)
{
	mutex_lock(&range_mutex);
	handle(dev);
	mutex_unlock(&range_mutex);
}

static void step8(struct device *dev)
{
	online_pages(0);
	mid(dev);
}

${callChainTo(7)}`,
      },
    },
    {
      name: 'a callee past the depth bound takes a lock of the same class and drops it on two exits: the caller still holds its own',
      entries: ['step0'],
      files: {
        'drivers/base/core.c': `
int online_pages(unsigned long pfn)
{
	return 0;
}

struct device {
	struct mutex mutex;
	struct device *parent;
	int dead;
};

static void tidy_parent(struct device *d)
{
	mutex_lock_nested(&d->mutex, 1);
	if (d->dead) {
		mutex_unlock(&d->mutex);
		return;
	}
	tidy(d);
	mutex_unlock(&d->mutex);
}

static void mid(struct device *dev)
{
	mutex_lock(&dev->mutex);
	tidy_parent(dev->parent);
	mutex_unlock(&dev->mutex);
}

static void step8(struct device *dev)
{
	online_pages(0);
	mid(dev);
}

${callChainTo(7)}`,
      },
    },
    {
      name: 'the same test in the lock and the unlock helper takes the same branch in both',
      entries: ['release_one'],
      files: {
        'drivers/base/dd.c': `
struct bus_type {
	bool need_parent_lock;
};

struct device {
	struct mutex mutex;
	struct bus_type *bus;
};

static void driver_lock(struct device *dev, struct device *parent)
{
	if (parent && dev->bus->need_parent_lock)
		device_lock(parent);
	device_lock(dev);
}

static void driver_unlock(struct device *dev, struct device *parent)
{
	device_unlock(dev);
	if (parent && dev->bus->need_parent_lock)
		device_unlock(parent);
}

void release_one(struct device *dev, struct device *parent)
{
	driver_lock(dev, parent);
	detach(dev);
	driver_unlock(dev, parent);
}
`,
      },
    },
    {
      name: 'trylock wrapper from the fallback table: unlock only after it returned 0',
      entries: ['online_store'],
      files: { 'drivers/base/memory.c': STORE_OK },
    },
    {
      name: 'trylock wrapper summarised from source (failure returns a known error code): unlock only after it returned 0',
      entries: ['online_store'],
      files: {
        'drivers/base/core.c': DEVICE_HOTPLUG_C.replace('\t\treturn restart_syscall();\n', '\t\treturn -EBUSY;\n'),
        'drivers/base/memory.c': STORE_OK,
      },
    },
    {
      name: 'trylock wrapper summarised from source, failure returns restart_syscall(): unlock only after it returned 0',
      entries: ['online_store'],
      files: { 'drivers/base/core.c': DEVICE_HOTPLUG_C, 'drivers/base/memory.c': STORE_OK },
    },
    {
      name: 'mutex_trylock() failure skips the unlock through a goto',
      entries: ['try_grow'],
      files: {
        'mm/grow.c': `
int try_grow(void)
{
	int ret = -EBUSY;

	if (!mutex_trylock(&grow_lock))
		goto out;
	ret = grow_one();
	mutex_unlock(&grow_lock);
out:
	return ret;
}
`,
      },
    },
    {
      name: 'error ladder drops the lock exactly once on every path',
      entries: ['setup'],
      files: {
        'mm/setup.c': `
int setup(void)
{
	int ret;

	mutex_lock(&setup_lock);
	ret = step_one();
	if (ret)
		goto err_unlock;
	ret = step_two();
	if (ret)
		goto err_undo;
	mutex_unlock(&setup_lock);
	return 0;

err_undo:
	undo_one();
err_unlock:
	mutex_unlock(&setup_lock);
	return ret;
}
`,
      },
    },
    {
      name: 'the lock is released one function down on the path that took it (interprocedural)',
      entries: ['setup'],
      files: {
        'mm/setup.c': `
static void finish(void)
{
	publish();
	mutex_unlock(&setup_lock);
}

void setup(void)
{
	mutex_lock(&setup_lock);
	finish();
}
`,
      },
    },
  ],
  invalid: [
    {
      name: 'an exported function releases device_hotplug_lock, which no exported function takes',
      entries: [],
      files: {
        'drivers/base/core.c': DEVICE_HOTPLUG_C,
        'mm/memory_hotplug.c': `
int online_pages(unsigned long pfn)
{
	return 0;
}

void put_range(void)
{
	unlock_device_hotplug();
	//^^^^^^^^^^^^^^^^^^^^ notHeld
	online_pages(0);
}
EXPORT_SYMBOL_GPL(put_range);
`,
      },
    },
    {
      name: 'failed trylock from the fallback table: goto out unlocks device_hotplug_lock it never took',
      entries: ['offline_store'],
      files: {
        'drivers/base/memory.c': STORE_BAD_MARKED,
      },
    },
    TRYLOCK_FALLS_THROUGH,
    {
      name: 'error path unlocks, then jumps to a label that unlocks again',
      entries: ['setup'],
      files: {
        'mm/setup.c': `
int setup(void)
{
	int ret;

	mutex_lock(&setup_lock);
	ret = step_one();
	if (ret) {
		mutex_unlock(&setup_lock);
		goto err;
	}
	mutex_unlock(&setup_lock);
	return 0;

err:
	mutex_unlock(&setup_lock);
	//^^^^^^^^^^ notHeld
	return ret;
}
`,
      },
    },
    {
      name: 'a helper one function down releases a spinlock its caller never took (interprocedural)',
      entries: ['shrink'],
      files: {
        'mm/shrink.c': `
static void finish(spinlock_t *lock, unsigned long flags)
{
	publish_count();
	spin_unlock_irqrestore(lock, flags);
	//^^^^^^^^^^^^^^^^^^^^ notHeld
}

void shrink(unsigned long flags)
{
	count_pages();
	finish(&span_lock, flags);
}
`,
      },
    },
    {
      name: 'an unlock-only helper is a lock wrapper: the release of a lock never taken is reported at its call',
      entries: ['shrink'],
      files: {
        'mm/shrink.c': UNLOCK_ONLY_HELPER.replace(
          '\tfinish(&span_lock, flags);\n',
          '\tfinish(&span_lock, flags);\n\t//^^^^ notHeld\n',
        ),
      },
    },
    {
      name: 'trylock wrapper summarised from source: goto out unlocks after the trylock failed',
      entries: ['offline_store'],
      files: { 'drivers/base/core.c': DEVICE_HOTPLUG_C, 'drivers/base/memory.c': STORE_BAD_MARKED },
    },
    DOUBLE_DONE,
    TWO_DONES,
  ],
});

describe('unlock-not-held: the site and the reason of each report', () => {
  // The reason in parentheses is the path's last decision: here the injected failure of arch_add_memory().
  it('reports each lock mem_hotplug_done() releases once, at the second call, on the path where arch_add_memory() failed', async () => {
    const found = await findingsFor(unlockNotHeld, DOUBLE_DONE);
    expect(found.map((f) => `${f.location.file}:${f.location.line}:${f.location.column} ${f.message}`).sort()).toEqual([
      'mm/setup.c:15:1 cpu_hotplug_lock released by mem_hotplug_done() but it is not held on this path (arch_add_memory() fails)',
      'mm/setup.c:15:1 mem_hotplug_lock released by mem_hotplug_done() but it is not held on this path (arch_add_memory() fails)',
    ]);
  });

  it('names the trylock that did not take the lock as the reason, whichever way the trylock is known', async () => {
    const messages = async (c: RuleCase) =>
      (await findingsFor(unlockNotHeld, c)).map(
        (f) => `${f.location.file}:${f.location.line}:${f.location.column} ${f.message}`,
      );
    expect(await messages(TRYLOCK_FALLS_THROUGH)).toEqual([
      'mm/grow.c:10:1 grow_lock released but it is not held on this path (mutex_trylock() does not take the lock)',
    ]);
    const store = { name: 'store', entries: ['offline_store'] };
    expect(await messages({ ...store, files: { 'drivers/base/memory.c': STORE_BAD } })).toEqual([
      'drivers/base/memory.c:10:1 device_hotplug_lock released by unlock_device_hotplug() but it is not held on this path (lock_device_hotplug_sysfs() does not take the lock)',
    ]);
    // Summarised from source, the decision is the mutex_trylock() inside lock_device_hotplug_sysfs().
    expect(
      await messages({
        ...store,
        files: { 'drivers/base/core.c': DEVICE_HOTPLUG_C, 'drivers/base/memory.c': STORE_BAD },
      }),
    ).toEqual([
      'drivers/base/memory.c:10:1 device_hotplug_lock released by unlock_device_hotplug() but it is not held on this path (mutex_trylock() does not take the lock)',
    ]);
  });

  it('names a lock handed to a wrapper by pointer as the caller wrote it', async () => {
    const found = await findingsFor(unlockNotHeld, {
      name: 'unlock-only helper',
      entries: ['shrink'],
      files: { 'mm/shrink.c': UNLOCK_ONLY_HELPER },
    });
    expect(found.map((f) => `${f.location.file}:${f.location.line}:${f.location.column} ${f.message}`)).toEqual([
      'mm/shrink.c:10:1 span_lock released by finish() but it is not held on this path',
    ]);
  });

  it('reports each of two calls at its own site, each with the branch that leads to it', async () => {
    const found = await findingsFor(unlockNotHeld, TWO_DONES);
    expect(found.map((f) => `${f.location.file}:${f.location.line}:${f.location.column} ${f.message}`).sort()).toEqual([
      'mm/setup.c:5:2 cpu_hotplug_lock released by mem_hotplug_done() but it is not held on this path (probe_one() is true)',
      'mm/setup.c:5:2 mem_hotplug_lock released by mem_hotplug_done() but it is not held on this path (probe_one() is true)',
      'mm/setup.c:9:1 cpu_hotplug_lock released by mem_hotplug_done() but it is not held on this path (probe_one() is false)',
      'mm/setup.c:9:1 mem_hotplug_lock released by mem_hotplug_done() but it is not held on this path (probe_one() is false)',
    ]);
  });
});
