import { describe, expect, it } from 'vitest';
import { unbalancedTeardown } from '../../src/core/rules/all/unbalanced-teardown.js';
import { findingsFor, ruleTester, type RuleCase } from './tester.js';
import { HOTPLUG_LOCK_C } from './snippets.js';

const RESOURCE_H = `
struct resource {
	u64 start;
	u64 end;
};
`;

/** The release a correct probe registers: undoes the linear map, the shadow and the PAT tracking. */
const RELEASE = `
static void demo_release(void *data)
{
	struct resource *res = data;

	mem_hotplug_begin();
	arch_remove_memory(res->start, resource_size(res), NULL);
	mem_hotplug_done();
	kasan_remove_zero_shadow(__va(res->start), resource_size(res));
	untrack_pfn(NULL, PHYS_PFN(res->start), resource_size(res));
}
`;

/** A correct probe with a full error ladder (4.19 devm_memremap_pages order, shadow outside the lock). */
const PROBE_OK = `
int probe(struct device *dev, struct resource *res, int nid)
{
	u64 start = res->start;
	u64 size = resource_size(res);
	int ret;

	ret = track_pfn_remap(NULL, &prot, PHYS_PFN(start), 0, size);
	if (ret)
		return ret;
	ret = kasan_add_zero_shadow(__va(start), size);
	if (ret)
		goto err_kasan;
	mem_hotplug_begin();
	ret = arch_add_memory(nid, start, size, NULL);
	mem_hotplug_done();
	if (ret)
		goto err_add_memory;
	ret = devm_add_action(dev, demo_release, res);
	if (ret)
		goto err_devres;
	return 0;

err_devres:
	mem_hotplug_begin();
	arch_remove_memory(start, size, NULL);
	mem_hotplug_done();
err_add_memory:
	kasan_remove_zero_shadow(__va(start), size);
err_kasan:
	untrack_pfn(NULL, PHYS_PFN(start), size);
	return ret;
}
`;

const probeTree = (probe: string): Record<string, string> => ({
  'mm/memory_hotplug.c': HOTPLUG_LOCK_C,
  'drivers/demo/probe.c': RESOURCE_H + RELEASE + probe,
});

/** The error ladder jumps past the shadow unwind. */
const LEAKED_SHADOW: RuleCase = {
  name: 'the arch_add_memory() failure jumps past the KASAN shadow unwind',
  entries: ['probe'],
  files: probeTree(
    PROBE_OK.replace('\tif (ret)\n\t\tgoto err_add_memory;', '\tif (ret)\n\t\tgoto err_kasan;').replace(
      '\tret = kasan_add_zero_shadow(__va(start), size);\n',
      '\tret = kasan_add_zero_shadow(__va(start), size);\n\t//    ^^^^^^^^^^^^^^^^^^^^^ leaked\n',
    ),
  ),
};

/** untrack_pfn() of a section-aligned range that is only the tracked range when the resource is aligned. */
const alignedUntrack = `
int map(struct resource *res)
{
	u64 align_start = res->start & ~(SECTION_SIZE - 1);
	u64 align_size = ALIGN(res->start + resource_size(res), SECTION_SIZE) - align_start;
	int ret;

	ret = track_pfn_remap(NULL, &prot, PHYS_PFN(res->start), 0, resource_size(res));
	if (ret)
		return ret;
	ret = publish(res);
	if (ret)
		goto err;
	return 0;
err:
	untrack_pfn(NULL, PHYS_PFN(align_start), align_size);
	return ret;
}
`;

ruleTester(unbalancedTeardown, {
  valid: [
    {
      name: 'an exported teardown that reaches no named entry starts from an unknown model: its teardown is not judged',
      entries: [],
      files: {
        'arch/x86/mm/init_64.c': `
void arch_remove_memory(u64 start, u64 size, struct vmem_altmap *altmap)
{
}
`,
        'mm/memory_hotplug.c': `
void drop_range(u64 start, u64 size)
{
	arch_remove_memory(start, size, NULL);
}
EXPORT_SYMBOL_GPL(drop_range);
`,
      },
    },
    {
      name: 'every error path of the ladder undoes exactly what was set up; unbind runs the checked release',
      entries: ['probe'],
      files: probeTree(PROBE_OK),
    },
    {
      name: 'devm_add_action_or_reset() checked: on failure it runs the release itself',
      entries: ['probe'],
      files: probeTree(
        PROBE_OK.replace(
          '\tret = devm_add_action(dev, demo_release, res);\n\tif (ret)\n\t\tgoto err_devres;\n\treturn 0;\n',
          '\treturn devm_add_action_or_reset(dev, demo_release, res);\n',
        ),
      ),
    },
    {
      name: 'teardown entry: the release finds what setup left behind',
      entries: ['devm_memremap_pages_release'],
      files: {
        'mm/memory_hotplug.c': HOTPLUG_LOCK_C,
        'kernel/memremap.c': `${RESOURCE_H}
static void devm_memremap_pages_release(void *data)
{
	struct resource *res = data;

	mem_hotplug_begin();
	arch_remove_memory(res->start, resource_size(res), NULL);
	kasan_remove_zero_shadow(__va(res->start), resource_size(res));
	mem_hotplug_done();
	untrack_pfn(NULL, PHYS_PFN(res->start), resource_size(res));
}
`,
      },
    },
    {
      name: 'default scenario: the aligned untrack is the tracked range',
      entries: ['map'],
      files: { 'mm/map.c': RESOURCE_H + alignedUntrack },
    },
  ],
  invalid: [
    {
      name: 'untrack_pfn() on an error path that never called track_pfn_remap() (4.19 HMM error_add_memory)',
      entries: ['pages_create'],
      files: {
        'mm/memory_hotplug.c': HOTPLUG_LOCK_C,
        'mm/hmm.c': `${RESOURCE_H}
int pages_create(struct resource *res, int nid)
{
	u64 align_start = res->start & ~(PA_SECTION_SIZE - 1);
	u64 align_size = ALIGN(res->start + resource_size(res), PA_SECTION_SIZE) - align_start;
	int ret;

	mem_hotplug_begin();
	ret = add_pages(nid, align_start >> PAGE_SHIFT, align_size >> PAGE_SHIFT, NULL);
	if (ret) {
		mem_hotplug_done();
		goto error_add_memory;
	}
	move_pfn_range_to_zone(&NODE_DATA(nid)->node_zones[ZONE_DEVICE], align_start >> PAGE_SHIFT, align_size >> PAGE_SHIFT, NULL);
	mem_hotplug_done();
	return 0;

error_add_memory:
	untrack_pfn(NULL, PHYS_PFN(align_start), align_size);
	//^^^^^^^^^ noSetup
	return ret;
}
`,
      },
    },
    {
      name: 'device-private scenario: the shadow is mapped only for CPU-addressable memory but unmapped for every type',
      entries: ['unmap_one'],
      scenario: 'device-private',
      files: {
        'mm/memremap.c': `
struct range {
	u64 start;
	u64 end;
};

struct dev_pagemap {
	int type;
	struct range range;
};

int unmap_one(struct dev_pagemap *pgmap, int nid)
{
	struct range *range = &pgmap->range;
	int ret = 0;

	if (pgmap->type != MEMORY_DEVICE_PRIVATE)
		ret = kasan_add_zero_shadow(__va(range->start), range_len(range));
	if (ret)
		return ret;
	ret = publish(pgmap);
	if (ret)
		goto err;
	return 0;
err:
	kasan_remove_zero_shadow(__va(range->start), range_len(range));
	//^^^^^^^^^^^^^^^^^^^^^^^ noSetup
	return ret;
}
`,
      },
    },
    {
      name: 'unaligned scenario: the error path untracks the section-aligned range, not the one it tracked',
      entries: ['map'],
      scenario: 'unaligned',
      // The tracked range itself is then never untracked on that error path: both ends of the mismatch show.
      files: {
        'mm/map.c':
          RESOURCE_H +
          alignedUntrack
            .replace(
              '\tuntrack_pfn(NULL, PHYS_PFN(align_start), align_size);\n',
              '\tuntrack_pfn(NULL, PHYS_PFN(align_start), align_size);\n\t//^^^^^^^^^ noSetup\n',
            )
            .replace(
              '\tret = track_pfn_remap(NULL, &prot, PHYS_PFN(res->start), 0, resource_size(res));\n',
              '\tret = track_pfn_remap(NULL, &prot, PHYS_PFN(res->start), 0, resource_size(res));\n\t//    ^^^^^^^^^^^^^^^ leaked\n',
            ),
      },
    },
    {
      name: 'arch_remove_memory() on an error path before arch_add_memory() ran',
      entries: ['plug'],
      files: {
        'mm/memory_hotplug.c': HOTPLUG_LOCK_C,
        'mm/plug.c': `${RESOURCE_H}
int plug(struct resource *res, int nid)
{
	int ret;

	mem_hotplug_begin();
	ret = prepare_range(res);
	if (ret)
		goto err;
	ret = arch_add_memory(nid, res->start, resource_size(res), NULL);
	mem_hotplug_done();
	return ret;
err:
	arch_remove_memory(res->start, resource_size(res), NULL);
	//^^^^^^^^^^^^^^^^ noSetup
	mem_hotplug_done();
	return ret;
}
`,
      },
    },
    LEAKED_SHADOW,
    {
      name: 'PAT tracking taken one call down is not undone when the caller fails (interprocedural)',
      entries: ['plug'],
      files: {
        'mm/memory_hotplug.c': HOTPLUG_LOCK_C,
        'mm/plug.c': `${RESOURCE_H}
static int track_range(struct resource *res)
{
	return track_pfn_remap(NULL, &prot, PHYS_PFN(res->start), 0, resource_size(res));
	//     ^^^^^^^^^^^^^^^ leaked
}

int plug(struct resource *res, int nid)
{
	int ret;

	ret = track_range(res);
	if (ret)
		return ret;
	mem_hotplug_begin();
	ret = arch_add_memory(nid, res->start, resource_size(res), NULL);
	mem_hotplug_done();
	return ret;
}
`,
      },
    },
    {
      name: 'linear map created by arch_add_memory() but the error path only removes the sections (__remove_pages)',
      entries: ['plug'],
      files: {
        'mm/memory_hotplug.c': HOTPLUG_LOCK_C,
        'mm/plug.c': `${RESOURCE_H}
int plug(struct resource *res, int nid)
{
	int ret;

	mem_hotplug_begin();
	ret = arch_add_memory(nid, res->start, resource_size(res), NULL);
	//    ^^^^^^^^^^^^^^^ leaked
	if (!ret) {
		ret = publish(res);
		if (ret)
			__remove_pages(PHYS_PFN(res->start), PHYS_PFN(resource_size(res)), NULL);
	}
	mem_hotplug_done();
	return ret;
}
`,
      },
    },
    {
      name: 'devm_add_action() result ignored: the release may never be registered',
      entries: ['probe'],
      files: probeTree(
        PROBE_OK.replace(
          '\tret = devm_add_action(dev, demo_release, res);\n\tif (ret)\n\t\tgoto err_devres;\n',
          '\tdevm_add_action(dev, demo_release, res);\n\t//^^^^^^^^^^^^^ ignored\n',
        ),
      ),
    },
  ],
});

describe('unbalanced-teardown: the leak', () => {
  it('names what leaks and the error return that forgets it', async () => {
    const [f] = await findingsFor(unbalancedTeardown, LEAKED_SHADOW);
    expect(f?.message).toMatch(
      /^KASAN shadow \(kasan_add_zero_shadow\(\)\) set up here is not undone on the error path returning at drivers\/demo\/probe\.c:\d+$/,
    );
    expect(f?.related.at(-1)?.message).toBe('error return without the teardown');
  });
});
