import { describe, expect, it } from 'vitest';
import { memmapUninitializedAccess } from '../../src/core/rules/all/memmap-uninitialized-access.js';
import { findingsFor, ruleTester, type RuleCase } from './tester.js';

/** Device setup as 4.19 devm_memremap_pages does it, over the scenario's resource; `read` and `afterUnwind` are test lines. */
function deviceSetup(read: string, afterUnwind = ''): string {
  return `
struct resource {
	u64 start;
	u64 end;
};

int setup(struct resource *res, struct vmem_altmap *altmap, int nid)
{
	unsigned long start_pfn = PHYS_PFN(res->start);
	unsigned long nr_pages = PHYS_PFN(resource_size(res));
	struct zone *zone;
	int ret;

	ret = arch_add_memory(nid, res->start, resource_size(res), altmap);
	if (ret)
		return ret;
	move_pfn_range_to_zone(&NODE_DATA(nid)->node_zones[ZONE_DEVICE], start_pfn, nr_pages, altmap);
${read}
	ret = publish(zone);
	if (ret)
		goto err;
	return 0;
err:
	arch_remove_memory(res->start, resource_size(res), altmap);
${afterUnwind}	return ret;
}
`;
}

/** 6.x-style setup over range->start/range_len() (no alignment); private memory takes the add_pages() branch. */
function typedSetup(privateBranch: string): string {
  return `
struct range {
	u64 start;
	u64 end;
};

struct dev_pagemap {
	int type;
	struct range range;
};

int map(struct dev_pagemap *pgmap, int nid)
{
	struct range *range = &pgmap->range;
	unsigned long pfn = PHYS_PFN(range->start);
	unsigned long nr = PHYS_PFN(range_len(range));
	struct zone *zone = &NODE_DATA(nid)->node_zones[ZONE_DEVICE];
	int ret;

	if (pgmap->type == MEMORY_DEVICE_PRIVATE) {
		ret = add_pages(nid, pfn, nr, NULL);
${privateBranch}	} else {
		ret = arch_add_memory(nid, range->start, range_len(range), NULL);
		if (!ret)
			move_pfn_range_to_zone(zone, pfn, nr, NULL);
	}
	if (ret)
		return ret;
	return page_to_nid(pfn_to_page(pfn));
}
`;
}

/**
 * RAM removal (4.19 x86 arch_remove_memory() shape, cut down): `readZone` is the zone lookup before
 * __remove_pages(); remove_memory() runs on offline memory, which may never have been onlined.
 */
function ramRemoval(readZone: string): string {
  return `
void arch_remove_memory(u64 start, u64 size, struct vmem_altmap *altmap)
{
	unsigned long start_pfn = start >> PAGE_SHIFT;
	unsigned long nr_pages = size >> PAGE_SHIFT;
	struct page *page = pfn_to_page(start_pfn);
	struct zone *zone = NULL;

${readZone}	__remove_pages(zone, start_pfn, nr_pages, altmap);
	kernel_physical_mapping_remove(start, start + size);
}

void remove_memory(int nid, u64 start, u64 size)
{
	mem_hotplug_begin();
	arch_remove_memory(start, size, NULL);
	mem_hotplug_done();
}
`;
}

/** The altmap case of the DOMAIN pattern: the first pfn of a range whose memmap the altmap reserves. */
const ALTMAP_FIRST_PFN: RuleCase = {
  name: 'altmap scenario: page_zone() of the first pfn, which the altmap reserve never initializes',
  entries: ['setup'],
  scenario: 'altmap',
  files: {
    'mm/setup.c': deviceSetup('\tzone = page_zone(pfn_to_page(start_pfn));\n\t//     ^^^^^^^^^ read'),
  },
};

/** Private device memory added by add_pages() (memmap allocated, never initialized), then read under `guard`. */
function guardedRead(guard: string, marked: boolean): string {
  return `
struct range {
	u64 start;
	u64 end;
};

int map_first(struct range *range)
{
	unsigned long pfn = PHYS_PFN(range->start);
	int ret = add_pages(0, pfn, PHYS_PFN(range_len(range)), NULL);

	if (ret)
		return ret;
	if (!${guard})
		return 0;
	return pfn_to_nid(pfn);
${marked ? '\t//     ^^^^^^^^^^ read\n' : ''}}
`;
}

/**
 * Offlining RAM (6.x shape, cut down): the zone is shrunk by scanning from the end of the offlined range
 * towards the zone's end, where the start model has an offlined block (valid, memmap poisoned) before an
 * online one. `guard` is the scan's test; `prelude` runs before the scan; `viaHelper` puts the scan two calls
 * down, behind a helper that reads no memmap itself.
 */
function offlineScan(
  guard: string,
  opts: { marked?: boolean; from?: string; prelude?: string; viaHelper?: boolean } = {},
): string {
  const from = opts.from ?? 'start_pfn + nr_pages';
  const scan = `static unsigned long first_pfn(int nid, unsigned long pfn, unsigned long end)
{
	for (; pfn < end; pfn += PAGES_PER_SUBSECTION) {
		if (!${guard})
			continue;
		if (pfn_to_nid(pfn) != nid)
${opts.marked ? '\t\t//  ^^^^^^^^^^ read\n' : ''}			continue;
		return pfn;
	}
	return 0;
}
`;
  const shrink = opts.viaHelper
    ? `
static void shrink_span(int nid, unsigned long from, unsigned long end)
{
	span_start = first_pfn(nid, from, end);
}
`
    : '';
  const call = opts.viaHelper ? `shrink_span(0, ${from}, zone_end)` : `span_start = first_pfn(0, ${from}, zone_end)`;
  return `
unsigned long span_start;

${scan}${shrink}
int offline_pages(unsigned long start_pfn, unsigned long nr_pages, unsigned long zone_end)
{
${opts.prelude ?? ''}	offline_mem_sections(start_pfn, start_pfn + nr_pages);
	${call};
	return 0;
}
`;
}

/**
 * 6.x-shape zone shrinking: the bound remove_pfn_range_from_zone() hands the range to a helper that calls no
 * lock and nothing modelled, which scans the zone from the range's edge outwards with `guard`. `caller` is
 * the entry's body before the call (offlining by default); ZONE_DEVICE zones return before shrinking.
 */
function zoneShrink(guard: string, opts: { marked?: boolean; device?: boolean } = {}): string {
  const entry = opts.device
    ? `struct resource {
	u64 start;
	u64 end;
};

void unmap(struct resource *res, int nid)
{
	unsigned long start_pfn = PHYS_PFN(res->start);

	remove_pfn_range_from_zone(&NODE_DATA(nid)->node_zones[ZONE_DEVICE], start_pfn, PHYS_PFN(resource_size(res)));
}
`
    : `int offline_pages(unsigned long start_pfn, unsigned long nr_pages, struct zone *zone)
{
	offline_mem_sections(start_pfn, start_pfn + nr_pages);
	remove_pfn_range_from_zone(zone, start_pfn, nr_pages);
	return 0;
}
`;
  return `
static unsigned long first_section_pfn(int nid, struct zone *zone, unsigned long pfn, unsigned long end)
{
	for (; pfn < end; pfn += PAGES_PER_SUBSECTION) {
		if (unlikely(!${guard}))
			continue;
		if (unlikely(pfn_to_nid(pfn) != nid))
${opts.marked ? '\t\t//           ^^^^^^^^^^ read\n' : ''}			continue;
		if (zone != page_zone(pfn_to_page(pfn)))
${opts.marked ? '\t\t//          ^^^^^^^^^ read\n' : ''}			continue;
		return pfn;
	}
	return 0;
}

static void shrink_span(struct zone *zone, unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long pfn;
	int nid = zone_to_nid(zone);

	if (zone->zone_start_pfn == start_pfn) {
		pfn = first_section_pfn(nid, zone, end_pfn, zone_end_pfn(zone));
		zone->spanned_pages = zone_end_pfn(zone) - pfn;
		zone->zone_start_pfn = pfn;
	}
}

void remove_pfn_range_from_zone(struct zone *zone, unsigned long start_pfn, unsigned long nr_pages)
{
	if (zone_is_zone_device(zone))
		return;
	shrink_span(zone, start_pfn, start_pfn + nr_pages);
}

${entry}`;
}

/**
 * Memory failure as 5.4 has it, cut down: soft offlining takes the page and reads its flags first; hard
 * offlining takes the pfn and tests it itself. 5.10 soft offlining also takes the pfn.
 */
const MEMORY_FAILURE_C = `
int soft_offline_page(struct page *page, int flags)
{
	if (page_zonenum(page) == ZONE_DEVICE)
		return -EIO;
	return migrate_away(page, flags);
}

int memory_failure(unsigned long pfn, int flags)
{
	struct page *p = pfn_to_online_page(pfn);

	if (!p)
		return -ENXIO;
	return poison_one(page_zone(p), p, flags);
}
`;

const SOFT_OFFLINE_PFN_C = `
int soft_offline_page(unsigned long pfn, int flags)
{
	struct page *page;

	if (!pfn_valid(pfn))
		return -ENXIO;
	page = pfn_to_online_page(pfn);
	if (!page)
		return -EIO;
	return migrate_away(page, flags);
}
`;

/** A store handing the user's pfn on; `checks` are the tests before the call, `call` the hand-over. */
function offlineStore(name: string, checks: string, call: string): string {
  return `
static ssize_t ${name}_store(struct device *dev, struct device_attribute *attr, const char *buf, size_t count)
{
	int ret;
	u64 pfn;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (kstrtoull(buf, 0, &pfn) < 0)
		return -EINVAL;
	pfn >>= PAGE_SHIFT;
${checks}	ret = ${call};
${'\t'}//    ^^^^^^^^^^^^^^^^^ MARK
	return ret == 0 ? count : ret;
}

static DEVICE_ATTR_WO(${name});
`;
}

/** The store as a case, with or without the caret line under the call. */
function storeCase(name: string, files: Record<string, string>, mark: boolean): RuleCase {
  const fix = (t: string) => (mark ? t.replace('MARK', 'userPfn') : t.replace(/\n\t\/\/ +\^+ MARK/, ''));
  return {
    name,
    entries: [],
    discover: true,
    files: Object.fromEntries(Object.entries(files).map(([k, v]) => [k, fix(v)])),
  };
}

ruleTester(memmapUninitializedAccess, {
  valid: [
    storeCase(
      "a store's pfn proven online by pfn_to_online_page() before soft_offline_page() reads its page",
      {
        'mm/memory-failure.c': MEMORY_FAILURE_C,
        'drivers/base/memory.c': offlineStore(
          'soft_offline_page',
          '\tif (!pfn_valid(pfn))\n\t\treturn -ENXIO;\n\tif (!pfn_to_online_page(pfn))\n\t\treturn -EIO;\n',
          'soft_offline_page(pfn_to_page(pfn), 0)',
        ),
      },
      false,
    ),
    storeCase(
      "a store hands the user's pfn to memory_failure(), which tests it itself",
      {
        'mm/memory-failure.c': MEMORY_FAILURE_C,
        'drivers/base/memory.c': offlineStore('hard_offline_page', '', 'memory_failure(pfn, 0)'),
      },
      false,
    ),
    storeCase(
      "5.10 shape: soft_offline_page() takes the user's pfn and tests it itself",
      {
        'mm/memory-failure.c': SOFT_OFFLINE_PFN_C,
        'drivers/base/memory.c': offlineStore(
          'soft_offline_page',
          '\tif (!pfn_valid(pfn))\n\t\treturn -ENXIO;\n',
          'soft_offline_page(pfn, 0)',
        ),
      },
      false,
    ),
    {
      name: 'offlining: pfn_to_online_page() skips the offlined block past the range',
      entries: ['offline_pages'],
      files: { 'mm/memory_hotplug.c': offlineScan('pfn_to_online_page(pfn)') },
    },
    {
      name: 'offlining: online_section() skips the offlined block past the range',
      entries: ['offline_pages'],
      files: { 'mm/memory_hotplug.c': offlineScan('online_section(__pfn_to_section(pfn))') },
    },
    {
      name: 'offlining: pfn_valid() over the range being offlined, which is online and initialized',
      entries: ['offline_pages'],
      files: { 'mm/memory_hotplug.c': offlineScan('pfn_valid(pfn)', { from: 'start_pfn' }) },
    },
    {
      name: '6.x zone shrinking: pfn_to_online_page() in the scan a helper of remove_pfn_range_from_zone() calls skips the offlined block',
      entries: ['offline_pages'],
      files: { 'mm/memory_hotplug.c': zoneShrink('pfn_to_online_page(pfn)') },
    },
    {
      name: '6.x zone shrinking: ZONE_DEVICE memory is never shrunk, so the helper is not replayed for it',
      entries: ['unmap'],
      files: { 'mm/memory_hotplug.c': zoneShrink('pfn_valid(pfn)', { device: true }) },
    },
    {
      name: 'pfn_to_online_page() proves the memory online: never-onlined device memory is skipped',
      entries: ['map_first'],
      files: { 'mm/memremap.c': guardedRead('pfn_to_online_page(pfn)', false) },
    },
    {
      name: 'online_section() proves the section online',
      entries: ['map_first'],
      files: { 'mm/memremap.c': guardedRead('online_section(__pfn_to_section(pfn))', false) },
    },
    {
      name: 'default scenario: the first pfn is initialized once move_pfn_range_to_zone() ran',
      entries: ['setup'],
      files: { 'mm/setup.c': deviceSetup('\tzone = page_zone(pfn_to_page(start_pfn));') },
    },
    {
      name: 'altmap scenario: reading past the reserve, as x86 arch_remove_memory() does',
      entries: ['setup'],
      scenario: 'altmap',
      files: { 'mm/setup.c': deviceSetup('\tzone = page_zone(pfn_to_page(start_pfn + vmem_altmap_offset(altmap)));') },
    },
    {
      name: 'altmap scenario, but the caller passes no altmap: nothing is reserved',
      entries: ['setup_plain'],
      scenario: 'altmap',
      files: {
        'mm/setup.c': `${deviceSetup('\tzone = page_zone(pfn_to_page(start_pfn));')}
int setup_plain(struct resource *res, int nid)
{
	return setup(res, NULL, nid);
}
`,
      },
    },
    {
      name: 'device-private scenario: the add_pages() branch initializes the memmap too',
      entries: ['map'],
      scenario: 'device-private',
      files: { 'mm/memremap.c': typedSetup('\t\tif (!ret)\n\t\t\tmove_pfn_range_to_zone(zone, pfn, nr, NULL);\n') },
    },
    {
      name: 'default scenario takes the arch_add_memory() branch, so the private branch that forgets the zone is not replayed',
      entries: ['map'],
      files: { 'mm/memremap.c': typedSetup('') },
    },
    {
      name: 'RAM removal that does not look up the zone of the range (5.5+ x86 arch_remove_memory())',
      entries: ['remove_memory'],
      files: { 'arch/x86/mm/init_64.c': ramRemoval('') },
    },
    {
      name: 'boot memory is always initialized',
      entries: ['boot_node'],
      files: {
        'mm/boot.c': `
int boot_node(void)
{
	return pfn_to_nid(4096);
}
`,
      },
    },
  ],
  invalid: [
    storeCase(
      "a store's pfn tested only by pfn_valid() reaches soft_offline_page(), which reads its page",
      {
        'mm/memory-failure.c': MEMORY_FAILURE_C,
        'drivers/base/memory.c': offlineStore(
          'soft_offline_page',
          '\tif (!pfn_valid(pfn))\n\t\treturn -ENXIO;\n',
          'soft_offline_page(pfn_to_page(pfn), 0)',
        ),
      },
      true,
    ),
    storeCase(
      "a store's pfn read with no test at all",
      {
        'mm/memory-failure.c': MEMORY_FAILURE_C,
        'drivers/base/memory.c': offlineStore('soft_offline_page', '', 'soft_offline_page(pfn_to_page(pfn), 0)'),
      },
      true,
    ),
    {
      name: 'offlining: pfn_valid() is true in the offlined block past the range, whose memmap is poisoned',
      entries: ['offline_pages'],
      files: { 'mm/memory_hotplug.c': offlineScan('pfn_valid(pfn)', { marked: true }) },
    },
    {
      name: '6.x zone shrinking: pfn_valid() in the scan a helper of remove_pfn_range_from_zone() calls admits the offlined block next to the range',
      entries: ['offline_pages'],
      files: { 'mm/memory_hotplug.c': zoneShrink('pfn_valid(pfn)', { marked: true }) },
    },
    {
      name: 'offlining: a count the walk callback fills in through its address is unknown after the walk, not 0',
      entries: ['offline_pages'],
      files: {
        'mm/memory_hotplug.c': offlineScan('pfn_valid(pfn)', {
          marked: true,
          prelude:
            '\tunsigned long counted = 0;\n\n\twalk_ram(start_pfn, nr_pages, &counted);\n\tif (counted != nr_pages)\n\t\treturn -EINVAL;\n',
        }),
      },
    },
    {
      name: 'pfn_valid() proves a memmap exists, not that it is initialized',
      entries: ['map_first'],
      files: { 'mm/memremap.c': guardedRead('pfn_valid(pfn)', true) },
    },
    {
      name: 'valid_section() proves no more than pfn_valid()',
      entries: ['map_first'],
      files: { 'mm/memremap.c': guardedRead('valid_section(__pfn_to_section(pfn))', true) },
    },
    {
      name: 'page_zone() between add_pages() and move_pfn_range_to_zone(): memmap allocated but uninitialized',
      entries: ['setup'],
      files: {
        'mm/setup.c': `
struct resource {
	u64 start;
	u64 end;
};

int setup(struct resource *res, int nid)
{
	unsigned long start_pfn = PHYS_PFN(res->start);
	struct zone *zone;
	int ret;

	ret = add_pages(nid, start_pfn, PHYS_PFN(resource_size(res)), NULL);
	if (ret)
		return ret;
	zone = page_zone(pfn_to_page(start_pfn));
	//     ^^^^^^^^^ read
	move_pfn_range_to_zone(zone, start_pfn, PHYS_PFN(resource_size(res)), NULL);
	return 0;
}
`,
      },
    },
    ALTMAP_FIRST_PFN,
    {
      name: '4.19 RAM removal: arch_remove_memory() reads page_zone() of memory that may never have been onlined',
      entries: ['remove_memory'],
      files: { 'arch/x86/mm/init_64.c': ramRemoval('\tzone = page_zone(page);\n\t//     ^^^^^^^^^ read\n') },
    },
    {
      name: 'device-private scenario: the add_pages() branch never moves the range into a zone, then reads it',
      entries: ['map'],
      scenario: 'device-private',
      files: {
        'mm/memremap.c': typedSetup('').replace(
          '\treturn page_to_nid(pfn_to_page(pfn));\n',
          '\treturn page_to_nid(pfn_to_page(pfn));\n\t//     ^^^^^^^^^^^ read\n',
        ),
      },
    },
    {
      name: 'unaligned scenario: a section scan reads the first pfn of a section the sub-section range only partly covers',
      entries: ['map_scan'],
      scenario: 'unaligned',
      files: {
        'mm/memremap.c': `${typedSetup('')}
int map_scan(struct dev_pagemap *pgmap)
{
	unsigned long first = ALIGN_DOWN(PHYS_PFN(pgmap->range.start), PAGES_PER_SECTION);
	int ret = map(pgmap, 0);

	if (ret < 0)
		return ret;
	return pfn_to_nid(first);
	//     ^^^^^^^^^^ read
}
`,
      },
    },
    {
      name: 'the error path reads the node of a range it has just removed',
      entries: ['setup'],
      files: {
        'mm/setup.c': deviceSetup(
          '\tzone = page_zone(pfn_to_page(start_pfn));',
          '\tpfn_to_nid(start_pfn);\n\t//^^^^^^^^ read\n',
        ),
      },
    },
    {
      name: 'a helper one call down reads a device pfn nobody added yet (interprocedural)',
      entries: ['probe'],
      files: {
        'mm/probe.c': `
struct resource {
	u64 start;
	u64 end;
};

static int range_nid(unsigned long pfn)
{
	return page_to_nid(pfn_to_page(pfn));
	//     ^^^^^^^^^^^ read
}

int probe(struct resource *res)
{
	int nid = range_nid(PHYS_PFN(res->start));

	return arch_add_memory(nid, res->start, resource_size(res), NULL);
}
`,
      },
    },
  ],
});

describe('memmap-uninitialized-access: the message', () => {
  it("says what the path proved of the user's pfn", async () => {
    const [f] = await findingsFor(
      memmapUninitializedAccess,
      storeCase(
        'message',
        {
          'mm/memory-failure.c': MEMORY_FAILURE_C,
          'drivers/base/memory.c': offlineStore(
            'soft_offline_page',
            '\tif (!pfn_valid(pfn))\n\t\treturn -ENXIO;\n',
            'soft_offline_page(pfn_to_page(pfn), 0)',
          ),
        },
        false,
      ),
    );
    expect(f?.message).toBe(
      "soft_offline_page() reads the struct page of a pfn the user supplied (kstrtoull() of the store's buffer), and pfn_valid() proves only that it is backed by a memmap, not that the memmap is initialized: a user may name any pfn, including offline, never-onlined or ZONE_DEVICE memory whose memmap is not initialized; only pfn_to_online_page() proves it is online",
    );
  });

  it('says an offlined block is valid but not online', async () => {
    const [f] = await findingsFor(memmapUninitializedAccess, {
      name: 'offline',
      entries: ['offline_pages'],
      files: { 'mm/memory_hotplug.c': offlineScan('pfn_valid(pfn)') },
    });
    expect(f?.message).toBe(
      'pfn_to_nid() reads the struct page of pfn 0x440000, which is in a memory block that was offlined: its section is valid (pfn_valid() is true) but not online, and offlining poisoned its memmap',
    );
  });

  it('names the pfn and why its struct page is not initialized', async () => {
    const [f] = await findingsFor(memmapUninitializedAccess, ALTMAP_FIRST_PFN);
    expect(f?.message).toBe(
      'page_zone() reads the struct page of pfn 0x400000, which is reserved by the vmem_altmap for the memmap itself and never initialized',
    );
    expect(f?.scenario).toBe('altmap');
  });
});
