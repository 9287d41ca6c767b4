import { describe, expect, it } from 'vitest';
import { zoneSpanStale } from '../../src/core/rules/all/zone-span-stale.js';
import { findingsFor, ruleTester, type RuleCase } from './tester.js';
import { HOTPLUG_LOCK_C } from './snippets.js';

/**
 * 5.5+ trees define remove_pfn_range_from_zone(): __remove_pages() then no longer shrinks spans, and
 * ZONE_DEVICE spans are left alone by design. Without this file a tree behaves like 4.19.
 */
const SHRINK_6X = `
void remove_pfn_range_from_zone(struct zone *zone, unsigned long start_pfn, unsigned long nr_pages)
{
	if (zone_is_zone_device(zone))
		return;
	shrink_zone_span(zone, start_pfn, start_pfn + nr_pages);
}
`;

/** Device teardown over the scenario range (`range->start`, `range_len()`), run as a teardown entry. */
function unmapPages(body: string): string {
  return `
struct range {
	u64 start;
	u64 end;
};

struct dev_pagemap {
	struct range range;
};

void memunmap_pages(struct dev_pagemap *pgmap)
{
	struct range *range = &pgmap->range;

	mem_hotplug_begin();
${body}	mem_hotplug_done();
}
`;
}

/**
 * RAM removal over the scenario range. remove_memory() finds the range offlined: sections present but not
 * online, and (5.5+) the zone span already shrunk by offline_pages().
 */
function removeMemory(body: string): string {
  return `
int remove_memory(int nid, u64 start, u64 size)
{
	mem_hotplug_begin();
${body}	mem_hotplug_done();
	return 0;
}
`;
}

/**
 * Adds RAM and onlines it into ZONE_MOVABLE in one go; `unwind` is the error path after the online, where
 * the range has to leave the zone before its sections go.
 */
function plugOnline(unwind: string): string {
  return `
int plug_online(int nid, u64 start, u64 size)
{
	int ret;

	mem_hotplug_begin();
	ret = arch_add_memory(nid, start, size, NULL);
	if (ret)
		goto out;
	move_pfn_range_to_zone(&NODE_DATA(nid)->node_zones[ZONE_MOVABLE], PHYS_PFN(start), PHYS_PFN(size), NULL);
	ret = publish_range(start, size);
	if (ret) {
${unwind}	}
out:
	mem_hotplug_done();
	return ret;
}
`;
}

const FORGOTTEN_SHRINK: RuleCase = {
  name: '5.x+ error path removes onlined RAM with arch_remove_memory() but no remove_pfn_range_from_zone(): ZONE_MOVABLE and the node still span it',
  entries: ['plug_online'],
  files: {
    'mm/memory_hotplug.c':
      HOTPLUG_LOCK_C +
      SHRINK_6X +
      plugOnline('\t\tarch_remove_memory(start, size, NULL);\n\t\t//^^^^^^^^^^^^^^^^ stale\n'),
  },
};

/** Offlining the scenario range with the hotplug lock held (5.10 shape); `shrink` runs before the unlock. */
function offlinePages(shrink: string, marked: boolean): string {
  return `
int offline_pages(unsigned long start_pfn, unsigned long nr_pages, struct zone *zone)
{
	mem_hotplug_begin();
	offline_mem_sections(start_pfn, start_pfn + nr_pages);
${shrink}	mem_hotplug_done();
${marked ? '\t//^^^^^^^^^^^^^^^ notShrunk\n' : ''}	return 0;
}
`;
}

const OFFLINE_NOT_SHRUNK: RuleCase = {
  name: '5.5+ tree: offline_pages() drops mem_hotplug_lock with ZONE_MOVABLE still starting in the offlined range',
  entries: ['offline_pages'],
  files: { 'mm/memory_hotplug.c': HOTPLUG_LOCK_C + SHRINK_6X + offlinePages('', true) },
};

/**
 * Offlining the scenario range (5.5+ shape): the zone is shrunk, then the node span is recomputed from the
 * node's zones by a walk over them. `guard` is the walk's handling of empty zones and of the first zone
 * that spans memory; `end` how the walk computes a zone's end.
 */
function offlineUpdatesNode(guard: string, marked: boolean, end = 'zone_end_pfn(zone)'): string {
  return `
static void update_pgdat_span(struct pglist_data *pgdat)
{
	unsigned long node_start_pfn = 0, node_end_pfn = 0;
	struct zone *zone;

	for (zone = pgdat->node_zones; zone < pgdat->node_zones + MAX_NR_ZONES; zone++) {
		unsigned long end_pfn = ${end};

${guard}		if (end_pfn > node_end_pfn)
			node_end_pfn = end_pfn;
		if (zone->zone_start_pfn < node_start_pfn)
			node_start_pfn = zone->zone_start_pfn;
	}

	pgdat->node_start_pfn = node_start_pfn;
${marked ? '\t//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ nodeStart\n' : ''}	pgdat->node_spanned_pages = node_end_pfn - node_start_pfn;
}

void remove_pfn_range_from_zone(struct zone *zone, unsigned long start_pfn, unsigned long nr_pages)
{
	struct pglist_data *pgdat = zone->zone_pgdat;

	if (zone_is_zone_device(zone))
		return;
	shrink_zone_span(zone, start_pfn, start_pfn + nr_pages);
	update_pgdat_span(pgdat);
}

int offline_pages(unsigned long start_pfn, unsigned long nr_pages, struct zone *zone)
{
	mem_hotplug_begin();
	offline_mem_sections(start_pfn, start_pfn + nr_pages);
	remove_pfn_range_from_zone(zone, start_pfn, nr_pages);
	mem_hotplug_done();
	return 0;
}
`;
}

const EMPTY_ZONES_GUARD = `		if (!zone->spanned_pages)
			continue;
		if (!node_end_pfn) {
			node_start_pfn = zone->zone_start_pfn;
			node_end_pfn = end_pfn;
			continue;
		}

`;

const NODE_SPAN_FROM_EMPTY_ZONES: RuleCase = {
  name: 'update_pgdat_span() without the empty-zone guard: the node span stays at pfn 0, empty zones count',
  entries: ['offline_pages'],
  files: { 'mm/memory_hotplug.c': HOTPLUG_LOCK_C + offlineUpdatesNode('', true) },
};

ruleTester(zoneSpanStale, {
  valid: [
    {
      name: 'update_pgdat_span() skips empty zones and starts the node at its first zone that spans memory',
      entries: ['offline_pages'],
      files: { 'mm/memory_hotplug.c': HOTPLUG_LOCK_C + offlineUpdatesNode(EMPTY_ZONES_GUARD, false) },
    },
    {
      name: '4.19-stable shape: the zone end computed from the zone fields, empty zones skipped',
      entries: ['offline_pages'],
      files: {
        'mm/memory_hotplug.c':
          HOTPLUG_LOCK_C + offlineUpdatesNode(EMPTY_ZONES_GUARD, false, 'zone->zone_start_pfn + zone->spanned_pages'),
      },
    },
    {
      name: 'growing a node span over a range being onlined is not a recompute from the zones',
      entries: ['online_pages'],
      files: {
        'mm/memory_hotplug.c': `${HOTPLUG_LOCK_C}
static void resize_pgdat_range(struct pglist_data *pgdat, unsigned long start_pfn, unsigned long nr_pages)
{
	if (!pgdat->node_spanned_pages || start_pfn < pgdat->node_start_pfn)
		pgdat->node_start_pfn = start_pfn;
}

int online_pages(unsigned long pfn, unsigned long nr_pages, struct zone *zone)
{
	mem_hotplug_begin();
	resize_pgdat_range(zone->zone_pgdat, pfn, nr_pages);
	move_pfn_range_to_zone(zone, pfn, nr_pages, NULL);
	mem_hotplug_done();
	return 0;
}
`,
      },
    },
    {
      name: '5.5+ tree: offline_pages() shrinks the zone it was handed before dropping mem_hotplug_lock',
      entries: ['offline_pages'],
      files: {
        'mm/memory_hotplug.c':
          HOTPLUG_LOCK_C +
          SHRINK_6X +
          offlinePages('\tremove_pfn_range_from_zone(zone, start_pfn, nr_pages);\n', false),
      },
    },
    {
      name: '4.19-like tree: offlining leaves the zone span alone, removal shrinks it',
      entries: ['offline_pages'],
      files: { 'mm/memory_hotplug.c': HOTPLUG_LOCK_C + offlinePages('', false) },
    },
    {
      name: '4.19-like tree: __remove_pages() shrinks the ZONE_DEVICE and node spans itself',
      entries: ['memunmap_pages'],
      files: {
        'mm/memory_hotplug.c': HOTPLUG_LOCK_C,
        'mm/memremap.c': unmapPages('\tarch_remove_memory(range->start, range_len(range), NULL);\n'),
      },
    },
    {
      name: '5.x+ tree: ZONE_DEVICE keeps its span by design after remove_pfn_range_from_zone()',
      entries: ['memunmap_pages'],
      files: {
        'mm/memory_hotplug.c': HOTPLUG_LOCK_C + SHRINK_6X,
        'mm/memremap.c': unmapPages(
          '\tremove_pfn_range_from_zone(&NODE_DATA(0)->node_zones[ZONE_DEVICE], PHYS_PFN(range->start), PHYS_PFN(range_len(range)));\n\tarch_remove_memory(range->start, range_len(range), NULL);\n',
        ),
      },
    },
    {
      name: 'unaligned scenario: the sub-section device range leaves no span end in removed memory',
      entries: ['memunmap_pages'],
      scenario: 'unaligned',
      files: {
        'mm/memory_hotplug.c': HOTPLUG_LOCK_C + SHRINK_6X,
        'mm/memremap.c': unmapPages(
          '\tremove_pfn_range_from_zone(&NODE_DATA(0)->node_zones[ZONE_DEVICE], PHYS_PFN(range->start), PHYS_PFN(range_len(range)));\n\tarch_remove_memory(range->start, range_len(range), NULL);\n',
        ),
      },
    },
    {
      name: '5.x+ RAM removal: offline_pages() already shrank ZONE_MOVABLE, so remove_memory() needs only __remove_pages()',
      entries: ['remove_memory'],
      files: {
        'mm/memory_hotplug.c': HOTPLUG_LOCK_C + SHRINK_6X + removeMemory('\tarch_remove_memory(start, size, NULL);\n'),
      },
    },
    {
      name: '5.x+ error path takes onlined RAM out of ZONE_MOVABLE, then removes the sections',
      entries: ['plug_online'],
      files: {
        'mm/memory_hotplug.c':
          HOTPLUG_LOCK_C +
          SHRINK_6X +
          plugOnline(
            '\t\tremove_pfn_range_from_zone(&NODE_DATA(nid)->node_zones[ZONE_MOVABLE], PHYS_PFN(start), PHYS_PFN(size));\n\t\tarch_remove_memory(start, size, NULL);\n',
          ),
      },
    },
    {
      name: '5.x+ RAM removal shrinks ZONE_MOVABLE first, then removes the sections',
      entries: ['remove_memory'],
      files: {
        'mm/memory_hotplug.c':
          HOTPLUG_LOCK_C +
          SHRINK_6X +
          removeMemory(
            '\tremove_pfn_range_from_zone(&NODE_DATA(nid)->node_zones[ZONE_MOVABLE], PHYS_PFN(start), PHYS_PFN(size));\n\tarch_remove_memory(start, size, NULL);\n',
          ),
      },
    },
    {
      name: 'zone resize inside mem_hotplug_begin()/done()',
      entries: ['plug'],
      files: {
        'mm/memory_hotplug.c': HOTPLUG_LOCK_C,
        'mm/plug.c': `
struct resource {
	u64 start;
	u64 end;
};

int plug(struct resource *res, int nid)
{
	int ret;

	mem_hotplug_begin();
	ret = arch_add_memory(nid, res->start, resource_size(res), NULL);
	if (!ret)
		move_pfn_range_to_zone(&NODE_DATA(nid)->node_zones[ZONE_DEVICE], PHYS_PFN(res->start), PHYS_PFN(resource_size(res)), NULL);
	mem_hotplug_done();
	return ret;
}
`,
      },
    },
  ],
  invalid: [
    FORGOTTEN_SHRINK,
    NODE_SPAN_FROM_EMPTY_ZONES,
    OFFLINE_NOT_SHRUNK,
    {
      name: 'a teardown helper one call down removes the sections and skips the zone (interprocedural)',
      entries: ['plug_online'],
      files: {
        'mm/memory_hotplug.c': `${HOTPLUG_LOCK_C}${SHRINK_6X}
static void remove_sections(u64 start, u64 size)
{
	__remove_pages(PHYS_PFN(start), PHYS_PFN(size), NULL);
	//^^^^^^^^^^^^ stale
}
${plugOnline('\t\tremove_sections(start, size);\n')}`,
      },
    },
    {
      name: 'zone resize after mem_hotplug_done() (the resize-after-done patch)',
      entries: ['plug'],
      files: {
        'mm/memory_hotplug.c': HOTPLUG_LOCK_C,
        'mm/plug.c': `
struct resource {
	u64 start;
	u64 end;
};

int plug(struct resource *res, int nid)
{
	int ret;

	mem_hotplug_begin();
	ret = arch_add_memory(nid, res->start, resource_size(res), NULL);
	mem_hotplug_done();
	if (ret)
		return ret;
	move_pfn_range_to_zone(&NODE_DATA(nid)->node_zones[ZONE_DEVICE], PHYS_PFN(res->start), PHYS_PFN(resource_size(res)), NULL);
	//^^^^^^^^^^^^^^^^^^^^ unlocked
	return 0;
}
`,
      },
    },
    {
      name: 'the offline error path shrinks ZONE_MOVABLE after dropping the lock',
      entries: ['offline_pages'],
      files: {
        'mm/memory_hotplug.c': `${HOTPLUG_LOCK_C}${SHRINK_6X}
int offline_pages(unsigned long pfn, unsigned long nr)
{
	int ret;

	mem_hotplug_begin();
	ret = isolate_range(pfn, nr);
	mem_hotplug_done();
	if (ret)
		goto failed_removal;
	return 0;

failed_removal:
	remove_pfn_range_from_zone(&NODE_DATA(0)->node_zones[ZONE_MOVABLE], PHYS_PFN(0x400000000), PHYS_PFN(0x40000000));
	//^^^^^^^^^^^^^^^^^^^^^^^^ unlocked
	return ret;
}
`,
      },
    },
  ],
});

describe('zone-span-stale: the model change', () => {
  it('says where the node span was set to start and where its first non-empty zone starts', async () => {
    const [f] = await findingsFor(zoneSpanStale, NODE_SPAN_FROM_EMPTY_ZONES);
    expect(f?.message).toBe(
      'update_pgdat_span() sets node 0 to start at pfn 0x0, but the first of its zones that spans memory starts at pfn 0x1 (span node0 0+4521984; DMA 1+4095, DMA32 4096+1044480, NORMAL 1048576+1048576, MOVABLE 4194304+327680): a node spans exactly the union of its non-empty zones, so empty zones (start 0) and the initial value must not count',
    );
  });

  it('says which span still covers offlined memory when the lock is dropped', async () => {
    const [f] = await findingsFor(zoneSpanStale, OFFLINE_NOT_SHRUNK);
    expect(f?.message).toBe(
      'mem_hotplug_lock is released while the ZONE_MOVABLE span still covers pfn 0x400000, which this path offlined (span node0 0+4521984; DMA 1+4095, DMA32 4096+1044480, NORMAL 1048576+1048576, MOVABLE 4194304+327680): zones are shrunk when memory is offlined',
    );
  });

  it('names the stale span and the removed section, with spans before and after', async () => {
    const [f] = await findingsFor(zoneSpanStale, FORGOTTEN_SHRINK);
    expect(f?.message).toBe(
      'after this removal the ZONE_MOVABLE span still covers removed section 128 (span node0 0+4456448; DMA 1+4095, DMA32 4096+1044480, NORMAL 1048576+1048576, MOVABLE 4194304+262144)',
    );
    expect(f?.model).toEqual([
      {
        what: 'spans',
        before: 'node0 0+4456448; DMA 1+4095, DMA32 4096+1044480, NORMAL 1048576+1048576, MOVABLE 4194304+262144',
        after: 'node0 0+4456448; DMA 1+4095, DMA32 4096+1044480, NORMAL 1048576+1048576, MOVABLE 4194304+262144',
      },
    ]);
  });
});
