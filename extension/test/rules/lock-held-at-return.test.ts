import { lockHeldAtReturn } from '../../src/core/rules/all/lock-held-at-return.js';
import { ruleTester } from './tester.js';
import { DEVICE_HOTPLUG_C, HOTPLUG_LOCK_C } from './snippets.js';

/** The device-memory setup with its error ladder (4.19 devm_memremap_pages order), correct. */
const SETUP_OK = `
int setup(int nid, u64 start, u64 size)
{
	int ret;

	ret = track_pfn_remap(NULL, &prot, PHYS_PFN(start), 0, size);
	if (ret)
		return ret;

	mem_hotplug_begin();
	ret = kasan_add_zero_shadow(__va(start), size);
	if (ret) {
		mem_hotplug_done();
		goto err_kasan;
	}
	ret = arch_add_memory(nid, start, size, NULL);
	mem_hotplug_done();
	if (ret)
		goto err_add_memory;
	return 0;

err_add_memory:
	kasan_remove_zero_shadow(__va(start), size);
err_kasan:
	untrack_pfn(NULL, PHYS_PFN(start), size);
	return ret;
}
`;

ruleTester(lockHeldAtReturn, {
  valid: [
    {
      name: 'every exit of a goto ladder releases mem_hotplug_lock (wrappers from source)',
      entries: ['setup'],
      files: { 'mm/memory_hotplug.c': HOTPLUG_LOCK_C, 'mm/setup.c': SETUP_OK },
    },
    {
      name: 'acquire wrappers return holding the lock on every exit by design',
      entries: ['plug'],
      files: {
        'mm/memory_hotplug.c': HOTPLUG_LOCK_C,
        'mm/plug.c': `
void plug(void)
{
	mem_hotplug_begin();
	publish();
	mem_hotplug_done();
}
`,
      },
    },
    {
      name: 'a trylock helper holds the lock exactly on the exits that return success',
      entries: ['try_grow'],
      files: {
        'mm/grow.c': `
static int grab(void)
{
	if (!mutex_trylock(&grow_lock))
		return -EBUSY;
	return 0;
}

int try_grow(void)
{
	int ret = grab();

	if (ret)
		return ret;
	grow_one();
	mutex_unlock(&grow_lock);
	return 0;
}
`,
      },
    },
    {
      name: 'the lock taken one function down is released by the caller on every path (interprocedural)',
      entries: ['plug'],
      files: {
        'mm/plug.c': `
static int begin_range(u64 start)
{
	mutex_lock(&range_lock);
	return check_range(start);
}

int plug(u64 start)
{
	int ret = begin_range(start);

	mutex_unlock(&range_lock);
	return ret;
}
`,
      },
    },
    {
      name: 'the sysfs trylock wrapper summarised from source returns holding the lock by contract',
      entries: ['lock_device_hotplug_sysfs'],
      files: { 'drivers/base/core.c': DEVICE_HOTPLUG_C },
    },
  ],
  invalid: [
    {
      name: 'mem_hotplug_done() missing before the goto of the KASAN error path',
      entries: ['setup'],
      files: {
        'mm/memory_hotplug.c': HOTPLUG_LOCK_C,
        'mm/setup.c': SETUP_OK.replace(
          '\tif (ret) {\n\t\tmem_hotplug_done();\n\t\tgoto err_kasan;\n\t}\n',
          '\tif (ret)\n\t\tgoto err_kasan;\n',
        ).replace(
          '\tuntrack_pfn(NULL, PHYS_PFN(start), size);\n\treturn ret;\n',
          '\tuntrack_pfn(NULL, PHYS_PFN(start), size);\n\treturn ret;\n\t//^^^^^^^^^ heldAtReturn\n',
        ),
      },
    },
    {
      name: 'early error return skips the unlock',
      entries: ['grow'],
      files: {
        'mm/grow.c': `
int grow(void)
{
	int ret;

	mutex_lock(&grow_lock);
	ret = grow_one();
	if (ret)
		return ret;
		//^^^^^^^^^^^ heldAtReturn
	mutex_unlock(&grow_lock);
	return 0;
}
`,
      },
    },
    {
      name: 'a helper one function down returns holding the lock on its error path (interprocedural)',
      entries: ['plug'],
      files: {
        'mm/plug.c': `
static int begin_range(u64 start)
{
	mutex_lock(&range_lock);
	if (!range_ok(start))
		return -EINVAL;
		//^^^^^^^^^^^^^^^ heldAtReturn
	mutex_unlock(&range_lock);
	return 0;
}

int plug(u64 start)
{
	return begin_range(start);
}
`,
      },
    },
  ],
});
