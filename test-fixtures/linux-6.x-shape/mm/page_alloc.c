// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture modelled on the parts of mm/page_alloc.c (6.1 era) that memory
 * hotplug and ZONE_DEVICE call into.
 */
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/spinlock.h>
#include <linux/lockdep.h>
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
void __meminit memmap_init_range(unsigned long size, int nid,
		unsigned long zone, unsigned long start_pfn,
		unsigned long zone_end_pfn, enum meminit_context context,
		struct vmem_altmap *altmap, int migratetype)
{
	unsigned long pfn, end_pfn = start_pfn + size;

	if (altmap && start_pfn == altmap->base_pfn)
		start_pfn += altmap->reserve;

	for (pfn = start_pfn; pfn < end_pfn; pfn++) {
		struct page *page = pfn_to_page(pfn);

		__init_single_page(page, pfn, zone, nid);
		if (context == MEMINIT_HOTPLUG)
			page->flags |= 1UL;	/* PG_reserved */
		if (!(pfn & (pageblock_nr_pages - 1)))
			set_pageblock_migratetype(page, migratetype);
	}
}

/*
 * Initialize the ZONE_DEVICE struct pages of a range.  Runs after
 * mem_hotplug_done(): the pages are not reachable by anyone yet.
 */
void __ref memmap_init_zone_device(struct zone *zone,
				   unsigned long start_pfn,
				   unsigned long nr_pages,
				   struct dev_pagemap *pgmap)
{
	const unsigned long end_pfn = start_pfn + nr_pages;
	struct pglist_data *pgdat = zone->zone_pgdat;
	struct vmem_altmap *altmap = pgmap_altmap(pgmap);
	unsigned long zone_idx = zone_idx(zone);
	unsigned long pfn;
	int nid = pgdat->node_id;

	if (WARN_ON_ONCE(!pgmap || zone_idx != ZONE_DEVICE))
		return;

	/* memmap_init_range() already did the altmap's own pages */
	if (altmap)
		start_pfn = altmap->base_pfn + vmem_altmap_offset(altmap);

	for (pfn = start_pfn; pfn < end_pfn; pfn++) {
		struct page *page = pfn_to_page(pfn);

		__init_single_page(page, pfn, zone_idx, nid);
		page->pgmap = pgmap;
		page->zone_device_data = NULL;
	}
}

/* remove a free block from the buddy lists; zone->lock is held */
static inline void del_page_from_free_list(struct page *page,
					   struct zone *zone,
					   unsigned int order)
{
	lockdep_assert_held(&zone->lock);

	page->lru.next = NULL;
	page->lru.prev = NULL;
}

#ifdef CONFIG_MEMORY_HOTREMOVE
/*
 * Take an isolated, fully free range out of the buddy allocator.  The
 * sections go offline first.
 */
void __offline_isolated_pages(unsigned long start_pfn, unsigned long end_pfn)
{
	struct zone *zone;
	unsigned long flags;
	unsigned long pfn;

	offline_mem_sections(start_pfn, end_pfn);
	zone = page_zone(pfn_to_page(start_pfn));
	spin_lock_irqsave(&zone->lock, flags);
	for (pfn = start_pfn; pfn < end_pfn; pfn++) {
		struct page *page = pfn_to_page(pfn);

		del_page_from_free_list(page, zone, 0);
	}
	spin_unlock_irqrestore(&zone->lock, flags);
}
#endif /* CONFIG_MEMORY_HOTREMOVE */
