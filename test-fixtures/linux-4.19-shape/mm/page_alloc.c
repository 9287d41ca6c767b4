// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture modelled on the parts of the 4.19-era mm/page_alloc.c that
 * memory hotplug calls into.
 */
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/spinlock.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/memremap.h>
#include <linux/memory_hotplug.h>

struct pglist_data *node_data[MAX_NUMNODES];

void __init_single_page(struct page *page, unsigned long pfn,
			unsigned long zone, int nid);
void set_pageblock_migratetype(struct page *page, int migratetype);

void set_zone_contiguous(struct zone *zone)
{
	zone->contiguous = true;
}

void clear_zone_contiguous(struct zone *zone)
{
	zone->contiguous = false;
}

void __meminit init_currently_empty_zone(struct zone *zone,
					unsigned long zone_start_pfn,
					unsigned long size)
{
	struct pglist_data *pgdat = zone->zone_pgdat;
	int zone_idx = zone_idx(zone) + 1;

	if (zone_idx > pgdat->nr_zones)
		pgdat->nr_zones = zone_idx;

	zone->zone_start_pfn = zone_start_pfn;
}

/*
 * Initialize the struct pages of a range.  For hotplug the pages of an
 * altmap reserve hold the memmap itself and are skipped.
 */
void __meminit memmap_init_zone(unsigned long size, int nid, unsigned long zone,
		unsigned long start_pfn, enum memmap_context context,
		struct vmem_altmap *altmap)
{
	unsigned long end_pfn = start_pfn + size;
	unsigned long pfn;

	if (altmap && start_pfn == altmap->base_pfn)
		start_pfn += altmap->reserve;

	for (pfn = start_pfn; pfn < end_pfn; pfn++) {
		struct page *page = pfn_to_page(pfn);

		__init_single_page(page, pfn, zone, nid);
		if (context == MEMMAP_HOTPLUG)
			page->flags |= 1UL;	/* PG_reserved */
		if (!(pfn & (pageblock_nr_pages - 1)))
			set_pageblock_migratetype(page, MIGRATE_MOVABLE);
	}
}

#ifdef CONFIG_MEMORY_HOTREMOVE
/*
 * Take an isolated, fully free range out of the buddy allocator.  The
 * sections go offline first.
 */
void
__offline_isolated_pages(unsigned long start_pfn, unsigned long end_pfn)
{
	struct zone *zone;
	unsigned long flags;
	unsigned long pfn;

	offline_mem_sections(start_pfn, end_pfn);
	zone = page_zone(pfn_to_page(start_pfn));
	spin_lock_irqsave(&zone->lock, flags);
	for (pfn = start_pfn; pfn < end_pfn; pfn++) {
		struct page *page = pfn_to_page(pfn);

		page->flags |= 1UL;	/* PG_reserved */
	}
	spin_unlock_irqrestore(&zone->lock, flags);
}
#endif /* CONFIG_MEMORY_HOTREMOVE */
