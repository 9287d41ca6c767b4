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

const MEMORY_BLOCK_H = `
struct memory_block {
	unsigned long start_section_nr;
	struct vmem_altmap *altmap;
	atomic_long_t nr_hwpoison;
	struct device dev;
};

struct block_holder {
	struct memory_block *mem;
};
`;

/** A memory-block walk whose every round drops the reference it took (6.18 remove_memory_blocks_and_altmaps). */
const REMOVE_BLOCKS = `
void remove_blocks(u64 start, u64 size)
{
	u64 cur;

	for (cur = start; cur < start + size; cur += MIN_MEMORY_BLOCK_SIZE) {
		struct vmem_altmap *altmap;
		struct memory_block *mem;

		mem = find_memory_block(pfn_to_section_nr(PFN_DOWN(cur)));
		if (WARN_ON_ONCE(!mem))
			continue;

		altmap = mem->altmap;
		mem->altmap = NULL;
		put_device(&mem->dev);

		arch_remove_memory(cur, MIN_MEMORY_BLOCK_SIZE, altmap);
		kfree(altmap);
	}
}
`;

/** offline_pages() order: pcplists and the LRU cache are disabled around the isolation, restored on every way out. */
const OFFLINE_RANGE = `
int offline_range(unsigned long start_pfn, unsigned long end_pfn, struct zone *zone)
{
	int ret;

	zone_pcp_disable(zone);
	lru_cache_disable();

	ret = start_isolate_page_range(start_pfn, end_pfn, MIGRATE_MOVABLE, 0);
	if (ret)
		goto failed_pcplists_disabled;

	ret = migrate_range(start_pfn, end_pfn);
	if (ret)
		goto failed_isolated;

	lru_cache_enable();
	zone_pcp_enable(zone);
	return 0;

failed_isolated:
	undo_isolate_page_range(start_pfn, end_pfn, MIGRATE_MOVABLE);
failed_pcplists_disabled:
	lru_cache_enable();
	zone_pcp_enable(zone);
	return ret;
}
`;

const blockTree = (file: string, c: string): Record<string, string> => ({ [file]: MEMORY_BLOCK_H + c });

/** The fix of 93866f55f7e2 undone: each round keeps the reference find_memory_block() took. */
const REMOVE_BLOCKS_LEAK: RuleCase = {
  name: 'a memory block reference taken in each round of a walk and never dropped (6.18 remove_memory_blocks_and_altmaps)',
  entries: ['remove_blocks'],
  files: blockTree(
    'mm/memory_hotplug.c',
    REMOVE_BLOCKS.replace('\t\tput_device(&mem->dev);\n', '').replace(
      '\t\tmem = find_memory_block(pfn_to_section_nr(PFN_DOWN(cur)));\n',
      '\t\tmem = find_memory_block(pfn_to_section_nr(PFN_DOWN(cur)));\n\t\t//    ^^^^^^^^^^^^^^^^^ notReleased\n',
    ),
  ),
};

/** arch/x86/mm/init_64.c's add/remove since 5.10: the altmap comes in an mhp_params (bodies cut down). */
const ARCH_PARAMS_C = `
struct vmem_altmap {
	unsigned long base_pfn;
	unsigned long free;
};

struct mhp_params {
	struct vmem_altmap *altmap;
	pgprot_t pgprot;
};

int arch_add_memory(int nid, u64 start, u64 size, struct mhp_params *params)
{
	init_memory_mapping(start, start + size);
	return 0;
}

void arch_remove_memory(u64 start, u64 size, struct vmem_altmap *altmap)
{
	kernel_physical_mapping_remove(start, start + size);
}
`;

/** add_memory_resource() as in 6.6 after f42ce5f087eb: memmap on memory from a kmalloc()ed altmap, removed with it. */
const ADD_RESOURCE_OK = `
int add_resource(int nid, u64 start, u64 size, unsigned long flags)
{
	struct mhp_params params = { .pgprot = PAGE_KERNEL };
	int ret;

	mem_hotplug_begin();
	if (flags & MHP_MEMMAP_ON_MEMORY) {
		params.altmap = kmalloc(sizeof(struct vmem_altmap), GFP_KERNEL);
		if (!params.altmap) {
			ret = -ENOMEM;
			goto out;
		}
	}
	ret = arch_add_memory(nid, start, size, &params);
	if (ret < 0)
		goto out_free;
	ret = create_blocks(start, size, params.altmap);
	if (ret) {
		arch_remove_memory(start, size, params.altmap);
		goto out_free;
	}
	mem_hotplug_done();
	return 0;
out_free:
	kfree(params.altmap);
out:
	mem_hotplug_done();
	return ret;
}
`;

const altmapTree = (body: string): Record<string, string> => ({
  'mm/memory_hotplug.c': HOTPLUG_LOCK_C + ARCH_PARAMS_C + body,
});

/** The error path of 6.6 add_memory_resource() before f42ce5f087eb: a NULL altmap for a memmap taken from one. */
const NULL_ALTMAP: RuleCase = {
  name: 'memmap populated from the altmap in params, removed with a NULL altmap on the error path (6.6 add_memory_resource before f42ce5f087eb)',
  entries: ['add_resource'],
  files: altmapTree(
    ADD_RESOURCE_OK.replace(
      '\t\tarch_remove_memory(start, size, params.altmap);\n',
      '\t\tarch_remove_memory(start, size, NULL);\n\t\t//^^^^^^^^^^^^^^^^ mismatch\n',
    ),
  ),
};

/**
 * Memory added block by block, each block's memmap on the block itself (the 6.18 shape of
 * create_altmaps_and_memory_blocks()): the block size is a call's result the model cannot compute, so the
 * range is only known by its variables.
 */
const ADD_BLOCKS_OK = `
int add_blocks(int nid, u64 start, u64 size)
{
	unsigned long block = block_size_bytes();
	u64 addr;
	int ret;

	mem_hotplug_begin();
	for (addr = start; addr < start + size; addr += block) {
		struct mhp_params params = { .pgprot = PAGE_KERNEL };

		params.altmap = kmalloc(sizeof(struct vmem_altmap), GFP_KERNEL);
		if (!params.altmap) {
			ret = -ENOMEM;
			goto out;
		}
		ret = arch_add_memory(nid, addr, block, &params);
		if (ret < 0) {
			kfree(params.altmap);
			goto out;
		}
		ret = create_blocks(addr, block, params.altmap);
		if (ret) {
			arch_remove_memory(addr, block, params.altmap);
			kfree(params.altmap);
			goto out;
		}
	}
	ret = 0;
out:
	mem_hotplug_done();
	return ret;
}
`;

/** The memory block devices of a range (a function: it cannot assign its caller's variables). */
const BLOCKS_C = `
int create_blocks(u64 start, u64 size, struct vmem_altmap *altmap)
{
	return register_blocks(start, size, altmap);
}
`;

const blocksTree = (body: string): Record<string, string> => altmapTree(BLOCKS_C + body);

const BLOCK_TEARDOWN = '\t\t\tarch_remove_memory(addr, block, params.altmap);\n';

/** The per-block unwind of a range of unknown size handing a NULL altmap for a memmap taken from one. */
const NULL_ALTMAP_BLOCKS: RuleCase = {
  name: 'each block of unknown size populated from a kmalloc()ed altmap, its error path removing it with NULL (6.18 create_altmaps_and_memory_blocks)',
  entries: ['add_blocks'],
  files: blocksTree(
    ADD_BLOCKS_OK.replace(
      BLOCK_TEARDOWN,
      '\t\t\tarch_remove_memory(addr, block, NULL);\n\t\t\t//^^^^^^^^^^^^^^^^ mismatch\n',
    ),
  ),
};

/** mm/kasan/init.c's pair as in 5.10 after 5dabd1712cd0: both translate the memory range to its shadow themselves. */
const KASAN_INIT_OK = `
void kasan_remove_zero_shadow(void *start, unsigned long size)
{
	unsigned long addr, end;

	addr = (unsigned long)kasan_mem_to_shadow(start);
	end = addr + (size >> KASAN_SHADOW_SCALE_SHIFT);
	if (WARN_ON(size % (KASAN_SHADOW_SCALE_SIZE * PAGE_SIZE)))
		return;
	unmap_shadow_tables(addr, end);
}

int kasan_add_zero_shadow(void *start, unsigned long size)
{
	void *shadow_start, *shadow_end;
	int ret;

	shadow_start = kasan_mem_to_shadow(start);
	shadow_end = shadow_start + (size >> KASAN_SHADOW_SCALE_SHIFT);
	if (WARN_ON(size % (KASAN_SHADOW_SCALE_SIZE * PAGE_SIZE)))
		return -EINVAL;
	ret = populate_shadow(shadow_start, shadow_end);
	if (ret)
		kasan_remove_zero_shadow(start, size);
	return ret;
}
`;

/** 5.10 before 5dabd1712cd0: the error path hands the teardown the shadow range it computed. */
const SHADOW_TWICE: RuleCase = {
  name: 'a setup undoing itself gives its teardown the range it translated, which the teardown translates again (5.10 kasan_add_zero_shadow before 5dabd1712cd0)',
  entries: [],
  files: {
    'mm/kasan/init.c': KASAN_INIT_OK.replace(
      '\t\tkasan_remove_zero_shadow(start, size);\n',
      '\t\tkasan_remove_zero_shadow(shadow_start,\n\t\t//^^^^^^^^^^^^^^^^^^^^^^ mismatch\n\t\t\t\t\tsize >> KASAN_SHADOW_SCALE_SHIFT);\n',
    ),
  },
};

ruleTester(unbalancedTeardown, {
  valid: [
    {
      name: 'a setup undoing itself with the range it was asked for; a partial range and an unrelated local say nothing',
      entries: [],
      files: {
        'mm/kasan/init.c': KASAN_INIT_OK,
        'mm/memory_hotplug.c': `
int arch_add_memory(int nid, u64 start, u64 size, struct vmem_altmap *altmap)
{
	u64 cur, end = start + size;
	int ret = 0;

	for (cur = start; cur < end; cur += SZ_128M) {
		ret = map_block(nid, cur, SZ_128M, altmap);
		if (ret)
			break;
	}
	if (ret && cur != start)
		arch_remove_memory(start, cur - start, altmap);
	return ret;
}

void arch_remove_memory(u64 start, u64 size, struct vmem_altmap *altmap)
{
	unmap_blocks(start, size >> PAGE_SHIFT, altmap);
}
`,
      },
    },
    {
      name: 'memmap from the altmap in params, removed with the same altmap (6.6 add_memory_resource with f42ce5f087eb)',
      entries: ['add_resource'],
      files: altmapTree(ADD_RESOURCE_OK),
    },
    {
      name: 'a NULL altmap on removal where the setup had none (5.10: params.altmap never set) or one the path does not know',
      entries: ['add_plain', 'add_given'],
      files: altmapTree(`
int add_plain(int nid, u64 start, u64 size)
{
	struct mhp_params params = { .pgprot = PAGE_KERNEL };
	int ret;

	mem_hotplug_begin();
	ret = arch_add_memory(nid, start, size, &params);
	if (!ret) {
		ret = create_blocks(start, size, NULL);
		if (ret)
			arch_remove_memory(start, size, NULL);
	}
	mem_hotplug_done();
	return ret;
}

int add_given(int nid, u64 start, u64 size, struct mhp_params *params)
{
	int ret;

	mem_hotplug_begin();
	ret = arch_add_memory(nid, start, size, params);
	if (!ret) {
		ret = create_blocks(start, size, NULL);
		if (ret)
			arch_remove_memory(start, size, NULL);
	}
	mem_hotplug_done();
	return ret;
}
`),
    },
    {
      name: 'blocks of unknown size removed with their altmap',
      entries: ['add_blocks'],
      files: blocksTree(ADD_BLOCKS_OK),
    },
    {
      name: 'blocks of unknown size: a NULL altmap for another variable, variables changed in between (assigned, handed to a macro), or an altmap the path does not know say nothing',
      entries: ['other_start', 'size_read_again', 'handed_to_macro', 'start_moved', 'altmap_unknown'],
      files: blocksTree(
        [
          ['other_start', BLOCK_TEARDOWN, '\t\t\tarch_remove_memory(start, block, NULL);\n'],
          [
            'size_read_again',
            BLOCK_TEARDOWN,
            '\t\t\tblock = block_size_bytes();\n\t\t\tarch_remove_memory(addr, block, NULL);\n',
          ],
          [
            'handed_to_macro',
            '\t\tret = create_blocks(addr, block, params.altmap);\n',
            '\t\tret = create_blocks(addr, block, params.altmap);\n\t\tROUND_BLOCK(addr, block);\n',
          ],
          ['start_moved', BLOCK_TEARDOWN, '\t\t\taddr = start;\n\t\t\tarch_remove_memory(addr, block, NULL);\n'],
          [
            'altmap_unknown',
            '\t\tparams.altmap = kmalloc(sizeof(struct vmem_altmap), GFP_KERNEL);\n\t\tif (!params.altmap) {\n\t\t\tret = -ENOMEM;\n\t\t\tgoto out;\n\t\t}\n',
            '\t\tparams.altmap = pick_altmap(nid);\n',
          ],
        ]
          .map(([name, from, to]) => {
            const body = ADD_BLOCKS_OK.replace('add_blocks', name!).replace(from!, to!);
            if (!body.includes(to!)) throw new Error(`snippet ${name!} not rewritten`);
            return name === 'altmap_unknown' || name === 'handed_to_macro'
              ? body.replace(BLOCK_TEARDOWN, '\t\t\tarch_remove_memory(addr, block, NULL);\n')
              : body;
          })
          .join(''),
      ),
    },
    {
      name: 'a linear map set up over a range the model cannot compute, then a computed range removed: it may be that memory, so no "never created"',
      entries: ['remove_known'],
      files: blocksTree(
        ADD_BLOCKS_OK.replace('add_blocks', 'remove_known').replace(
          BLOCK_TEARDOWN,
          '\t\t\tarch_remove_memory(0x400000000000ULL, 0x8000000ULL, NULL);\n',
        ),
      ),
    },
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
    {
      name: 'a memory block reference dropped in every round of the walk; the NULL round has nothing to drop',
      entries: ['remove_blocks'],
      files: blockTree('mm/memory_hotplug.c', REMOVE_BLOCKS),
    },
    {
      name: 'a memory block reference handed on: passed to a function that drops it, stored in a holder, returned',
      entries: ['hand_on', 'keep', 'lookup'],
      files: blockTree(
        'mm/memory_hotplug.c',
        `
void hand_on(unsigned long nr)
{
	struct memory_block *mem = find_memory_block_by_id(nr);

	if (mem)
		remove_memory_block(mem);
}

void keep(struct block_holder *h, unsigned long nr)
{
	h->mem = find_memory_block_by_id(nr);
}

struct memory_block *lookup(unsigned long nr)
{
	struct memory_block *mem;

	mem = find_memory_block_by_id(nr);
	if (!mem)
		return NULL;
	atomic_long_inc(&mem->nr_hwpoison);
	return mem;
}
`,
      ),
    },
    {
      name: 'the NULL side of a lookup tested with == NULL or IS_ERR_OR_NULL() holds nothing to drop',
      entries: ['count_poison', 'count_poison_checked'],
      files: blockTree(
        'drivers/base/memory.c',
        `
void count_poison(unsigned long nr)
{
	struct memory_block *mem = find_memory_block_by_id(nr);

	if (mem == NULL)
		return;
	atomic_long_inc(&mem->nr_hwpoison);
	put_device(&mem->dev);
}

void count_poison_checked(unsigned long nr)
{
	struct memory_block *mem = find_memory_block_by_id(nr);

	if (IS_ERR_OR_NULL(mem))
		return;
	atomic_long_inc(&mem->nr_hwpoison);
	put_device(&mem->dev);
}
`,
      ),
    },
    {
      name: 'a hint handed back to the lookup of the next block is dropped by that lookup (4.19 find_memory_block_hinted)',
      entries: ['walk_hinted'],
      files: blockTree(
        'drivers/base/memory.c',
        `
void walk_hinted(struct mem_section *first, int n)
{
	struct memory_block *mem = NULL;
	int i;

	for (i = 0; i < n; i++)
		mem = find_memory_block_hinted(first + i, mem);
	if (mem)
		put_device(&mem->dev);
}
`,
      ),
    },
    {
      name: 'pcplists, LRU cache and isolation restored on every error path and on success',
      entries: ['offline_range'],
      files: blockTree('mm/memory_hotplug.c', OFFLINE_RANGE),
    },
    {
      name: 'a function that only disables the LRU cache hands the state to its caller (a wrapper), and its caller restores it in a helper',
      entries: [],
      files: blockTree(
        'drivers/base/memory.c',
        `
static void prepare(void)
{
	lru_cache_disable();
}

static void restore(void)
{
	lru_cache_enable();
}

int offline_block(struct memory_block *mem)
{
	int ret;

	prepare();
	lru_cache_disable();
	ret = migrate_block(mem);
	if (ret) {
		restore();
		restore();
		return ret;
	}
	lru_cache_enable();
	restore();
	return 0;
}
`,
      ),
    },
  ],
  invalid: [
    SHADOW_TWICE,
    NULL_ALTMAP,
    NULL_ALTMAP_BLOCKS,
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
    REMOVE_BLOCKS_LEAK,
    {
      name: 'a reference taken for a counter in the object and never dropped, in a function no root reaches (6.18 memblk_nr_poison_inc)',
      entries: [],
      files: blockTree(
        'drivers/base/memory.c',
        `
void nr_poison_inc(unsigned long block_id)
{
	struct memory_block *mem = find_memory_block_by_id(block_id);
	//                         ^^^^^^^^^^^^^^^^^^^^^^^ notReleased

	if (mem)
		atomic_long_inc(&mem->nr_hwpoison);
}
`,
      ),
    },
    {
      name: 'the LRU cache left disabled on the error paths that skip lru_cache_enable() (6.6 offline_pages before 946746d1ad92)',
      entries: ['offline_range'],
      files: blockTree(
        'mm/memory_hotplug.c',
        OFFLINE_RANGE.replace(
          'failed_pcplists_disabled:\n\tlru_cache_enable();\n',
          'failed_pcplists_disabled:\n',
        ).replace('\tlru_cache_disable();\n', '\tlru_cache_disable();\n\t//^^^^^^^^^^^^^^^^ leaked\n'),
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

describe('unbalanced-teardown: the altmap', () => {
  it('names the teardown, its NULL altmap, the setup and the altmap it was given', async () => {
    const [f] = await findingsFor(unbalancedTeardown, NULL_ALTMAP);
    expect(f?.message).toMatch(
      /^arch_remove_memory\(\) is given NULL as its altmap, but arch_add_memory\(\) at mm\/memory_hotplug\.c:\d+ set this up with the altmap params\.altmap, which is not NULL on this path: the memmap of this range was allocated from that altmap/,
    );
  });
});

describe('unbalanced-teardown: the altmap of a block of unknown size', () => {
  it('pairs the teardown with the setup given the same variables and names the altmap', async () => {
    const [f] = await findingsFor(unbalancedTeardown, NULL_ALTMAP_BLOCKS);
    expect(f?.message).toMatch(
      /^arch_remove_memory\(\) is given NULL as its altmap, but arch_add_memory\(\) at mm\/memory_hotplug\.c:\d+ set this up with the altmap params\.altmap, which is not NULL on this path: /,
    );
  });
});

describe('unbalanced-teardown: a range translated twice', () => {
  it('names the translated arguments, the range the setup was asked for and why', async () => {
    const [f] = await findingsFor(unbalancedTeardown, SHADOW_TWICE);
    expect(f?.message).toBe(
      'kasan_remove_zero_shadow() is given shadow_start, which is kasan_mem_to_shadow(start), and size >> KASAN_SHADOW_SCALE_SHIFT, but kasan_add_zero_shadow() at mm/kasan/init.c:13 set this up with the range it was asked for, (start, size): the teardown translates the range it is given, as the setup did, so given the translated range it undoes one that was never set up and leaves the one that was',
    );
  });
});
