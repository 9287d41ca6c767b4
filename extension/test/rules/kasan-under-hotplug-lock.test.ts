import { kasanUnderHotplugLock } from '../../src/core/rules/all/kasan-under-hotplug-lock.js';
import { ruleTester } from './tester.js';
import { HOTPLUG_LOCK_C } from './snippets.js';

ruleTester(kasanUnderHotplugLock, {
  valid: [
    {
      name: 'shadow mapped before the lock is taken',
      entries: ['setup'],
      files: {
        'mm/hotplug.c': HOTPLUG_LOCK_C,
        'mm/setup.c': `
int setup(unsigned long start, unsigned long size)
{
	int ret = kasan_add_zero_shadow(__va(start), size);
	if (ret)
		return ret;
	mem_hotplug_begin();
	ret = arch_add_memory(0, start, size, NULL);
	mem_hotplug_done();
	return ret;
}
`,
      },
    },
    {
      name: 'shadow unmapped on the error path after mem_hotplug_done(), wrappers from the fallback table',
      entries: ['setup'],
      files: {
        'mm/setup.c': `
int setup(int nid, unsigned long start, unsigned long size)
{
	int ret = kasan_add_zero_shadow(__va(start), size);

	if (ret)
		return ret;
	mem_hotplug_begin();
	ret = arch_add_memory(nid, start, size, NULL);
	mem_hotplug_done();
	if (ret)
		goto err_add_memory;
	return 0;

err_add_memory:
	kasan_remove_zero_shadow(__va(start), size);
	return ret;
}
`,
      },
    },
  ],
  invalid: [
    {
      name: 'shadow mapped inside mem_hotplug_begin/done, lock taken through the wrapper',
      entries: ['setup'],
      files: {
        'mm/hotplug.c': HOTPLUG_LOCK_C,
        'mm/setup.c': `
int setup(unsigned long start, unsigned long size)
{
	int ret;

	mem_hotplug_begin();
	ret = kasan_add_zero_shadow(__va(start), size);
	//    ^^^^^^^^^^^^^^^^^^^^^ underLock
	mem_hotplug_done();
	return ret;
}
`,
      },
    },
    {
      name: 'shadow removed in a callee reached under the lock (interprocedural)',
      entries: ['teardown'],
      files: {
        'mm/hotplug.c': HOTPLUG_LOCK_C,
        'mm/teardown.c': `
static void unmap_range(unsigned long start, unsigned long size)
{
	arch_remove_memory(start, size, NULL);
	kasan_remove_zero_shadow(__va(start), size);
	//^^^^^^^^^^^^^^^^^^^^^^^ underLock
}

void teardown(unsigned long start, unsigned long size)
{
	mem_hotplug_begin();
	unmap_range(start, size);
	mem_hotplug_done();
}
`,
      },
    },
    {
      name: 'error path unwinds the shadow before dropping the lock (4.19 ladder with the unwind inside), fallback wrappers',
      entries: ['setup'],
      files: {
        'mm/setup.c': `
int setup(int nid, unsigned long start, unsigned long size)
{
	int ret;

	mem_hotplug_begin();
	ret = kasan_add_zero_shadow(__va(start), size);
	//    ^^^^^^^^^^^^^^^^^^^^^ underLock
	if (ret)
		goto out;
	ret = arch_add_memory(nid, start, size, NULL);
	if (ret)
		kasan_remove_zero_shadow(__va(start), size);
		//^^^^^^^^^^^^^^^^^^^^^^^ underLock
out:
	mem_hotplug_done();
	return ret;
}
`,
      },
    },
  ],
});
