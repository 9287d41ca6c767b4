import { describe, expect, it } from 'vitest';
import { inconsistentLockContext } from '../../src/core/rules/all/inconsistent-lock-context.js';
import { findingsFor, ruleTester, type RuleCase } from './tester.js';
import { HOTPLUG_LOCK_C } from './snippets.js';

/** Teardown of one range: everything inside the hotplug lock (6.1 pageunmap_range order). */
const UNMAP_RANGE = `
static void unmap_range(u64 start, u64 size)
{
	mem_hotplug_begin();
	arch_remove_memory(start, size, NULL);
	kasan_remove_zero_shadow(__va(start), size);
	mem_hotplug_done();
}
`;

/** Setup of one range (6.1 pagemap_range order): its error path unwinds the shadow after the lock. */
const MAP_RANGE = `
static int map_range(int nid, u64 start, u64 size)
{
	int ret;

	mem_hotplug_begin();
	ret = kasan_add_zero_shadow(__va(start), size);
	if (ret) {
		mem_hotplug_done();
		return ret;
	}
	ret = arch_add_memory(nid, start, size, NULL);
	mem_hotplug_done();
	if (ret)
		goto err_add_memory;
	return 0;

err_add_memory:
	kasan_remove_zero_shadow(__va(start), size);
	return ret;
}
`;

/** A probe whose error path unwinds the shadow unlocked; its release (run at unbind) does it locked. */
function probeC(returns: string, success: string, failure: string): string {
  return `
static u64 demo_start, demo_size;

static void demo_release(void *data)
{
	mem_hotplug_begin();
	arch_remove_memory(demo_start, demo_size, NULL);
	kasan_remove_zero_shadow(__va(demo_start), demo_size);
	mem_hotplug_done();
}

${returns} probe(struct device *dev, int nid)
{
	int ret;

	mem_hotplug_begin();
	ret = kasan_add_zero_shadow(__va(demo_start), demo_size);
	if (!ret)
		ret = arch_add_memory(nid, demo_start, demo_size, NULL);
	mem_hotplug_done();
	if (ret)
		goto err;
	ret = devm_add_action(dev, demo_release, NULL);
	if (ret)
		goto err;
	return ${success};

err:
	kasan_remove_zero_shadow(__va(demo_start), demo_size);
	return ${failure};
}
`;
}

/** probeC() text with its unlocked error-path unwind marked as the finding. */
function markUnlockedUnwind(probe: string): string {
  const unwind = '\nerr:\n\tkasan_remove_zero_shadow(__va(demo_start), demo_size);\n';
  return probe.replace(unwind, `${unwind}\t//^^^^^^^^^^^^^^^^^^^^^^^ differs\n`);
}

const PAGEMAP: RuleCase = {
  name: 'the setup error path unwinds the KASAN shadow without the lock the teardown helper holds (6.1 pagemap_range, interprocedural)',
  entries: ['map_pages'],
  files: {
    'mm/memory_hotplug.c': HOTPLUG_LOCK_C,
    'mm/pages.c': `${UNMAP_RANGE}${MAP_RANGE.replace('\tkasan_remove_zero_shadow(__va(start), size);\n\treturn ret;', '\tkasan_remove_zero_shadow(__va(start), size);\n\t//^^^^^^^^^^^^^^^^^^^^^^^ differs\n\treturn ret;')}
int map_pages(int nid, u64 start, u64 size)
{
	int ret;

	ret = map_range(nid, start, size);
	if (ret)
		return ret;
	ret = map_range(nid, start + size, size);
	if (ret) {
		unmap_range(start, size);
		return ret;
	}
	return 0;
}
`,
  },
};

ruleTester(inconsistentLockContext, {
  valid: [
    {
      name: 'shadow mapped and unmapped outside the lock on every path (the fix the review asks about)',
      entries: ['map_pages'],
      files: {
        'mm/memory_hotplug.c': HOTPLUG_LOCK_C,
        'mm/pages.c': `
int map_pages(int nid, u64 start, u64 size)
{
	int ret;

	ret = kasan_add_zero_shadow(__va(start), size);
	if (ret)
		return ret;
	mem_hotplug_begin();
	ret = arch_add_memory(nid, start, size, NULL);
	mem_hotplug_done();
	if (ret)
		goto err_add_memory;
	ret = publish(start, size);
	if (ret)
		goto err_publish;
	return 0;

err_publish:
	mem_hotplug_begin();
	arch_remove_memory(start, size, NULL);
	mem_hotplug_done();
err_add_memory:
	kasan_remove_zero_shadow(__va(start), size);
	return ret;
}
`,
      },
    },
    {
      name: 'the same callee under the lock on every path',
      entries: ['map_pages'],
      files: {
        'mm/memory_hotplug.c': HOTPLUG_LOCK_C,
        'mm/pages.c': `${UNMAP_RANGE}
int map_pages(int nid, u64 start, u64 size)
{
	int ret;

	mem_hotplug_begin();
	ret = kasan_add_zero_shadow(__va(start), size);
	if (!ret)
		ret = arch_add_memory(nid, start, size, NULL);
	if (ret)
		kasan_remove_zero_shadow(__va(start), size);
	mem_hotplug_done();
	if (!ret && publish(start, size)) {
		unmap_range(start, size);
		ret = -EBUSY;
	}
	return ret;
}
`,
      },
    },
    {
      name: 'different lock contexts from different entries are not compared',
      entries: ['unplug_locked', 'unplug_early'],
      files: {
        'mm/memory_hotplug.c': HOTPLUG_LOCK_C,
        'mm/pages.c': `
void unplug_locked(u64 start, u64 size)
{
	mem_hotplug_begin();
	kasan_remove_zero_shadow(__va(start), size);
	mem_hotplug_done();
}

void unplug_early(u64 start, u64 size)
{
	kasan_remove_zero_shadow(__va(start), size);
}
`,
      },
    },
  ],
  invalid: [
    PAGEMAP,
    {
      name: 'a contract callee reached under the lock normally and without it on the error path',
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
	ret = publish(start, size);
	if (ret)
		goto err;
	mem_hotplug_begin();
	online_mem_sections(PHYS_PFN(start), PHYS_PFN(start + size));
	mem_hotplug_done();
	return 0;

err:
	online_mem_sections(PHYS_PFN(start), PHYS_PFN(start + size));
	//^^^^^^^^^^^^^^^^^ differs
	return ret;
}
`,
      },
    },
    {
      name: 'the release callback run at unbind holds the lock the probe error path lacks',
      entries: ['probe'],
      files: {
        'mm/memory_hotplug.c': HOTPLUG_LOCK_C,
        'drivers/demo/probe.c': markUnlockedUnwind(probeC('int', '0', 'ret')),
      },
    },
    {
      name: 'a probe returning a pointer (4.19 devm_memremap_pages): a non-NULL result is success, so its release runs at unbind',
      entries: ['probe'],
      files: {
        'mm/memory_hotplug.c': HOTPLUG_LOCK_C,
        'drivers/demo/probe.c': markUnlockedUnwind(probeC('void *', '__va(demo_start)', 'ERR_PTR(ret)')),
      },
    },
  ],
});

describe('inconsistent-lock-context: the other site', () => {
  it('points at the locked call and names the entry', async () => {
    const [f] = await findingsFor(inconsistentLockContext, PAGEMAP);
    expect(f?.message).toBe(
      'kasan_remove_zero_shadow() is called here without mem_hotplug_lock, but with mem_hotplug_lock held at mm/pages.c:6 (reached from the same entry, map_pages())',
    );
    expect(f?.related.at(-1)).toEqual({
      file: 'mm/pages.c',
      line: 6,
      column: 1,
      message: 'kasan_remove_zero_shadow() called here with mem_hotplug_lock held',
    });
  });
});
