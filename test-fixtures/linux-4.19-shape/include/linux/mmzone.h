/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_MMZONE_H
#define _LINUX_MMZONE_H

#include <linux/types.h>
#include <linux/spinlock.h>
#include <linux/pfn.h>

#define MAX_NUMNODES	64
#define pageblock_nr_pages	512UL

enum migratetype {
	MIGRATE_UNMOVABLE,
	MIGRATE_MOVABLE,
	MIGRATE_RECLAIMABLE,
	MIGRATE_ISOLATE,
};

enum zone_type {
#ifdef CONFIG_ZONE_DMA
	ZONE_DMA,
#endif
#ifdef CONFIG_ZONE_DMA32
	ZONE_DMA32,
#endif
	ZONE_NORMAL,
	ZONE_MOVABLE,
#ifdef CONFIG_ZONE_DEVICE
	ZONE_DEVICE,
#endif
	__MAX_NR_ZONES
};

#define MAX_NR_ZONES	__MAX_NR_ZONES

struct pglist_data;

struct zone {
	struct pglist_data *zone_pgdat;
	int node;

	/*
	 * Span of the zone in pfns, holes included.  Writers hold
	 * mem_hotplug_lock and the span seqlock (and, in this era, the
	 * node's pgdat_resize_lock around that); readers outside those
	 * locks use zone_span_seqbegin()/zone_span_seqretry().
	 */
	unsigned long zone_start_pfn;
	unsigned long spanned_pages;

	/* Pages that exist in the zone; changed only under mem_hotplug_lock. */
	unsigned long present_pages;
	unsigned long managed_pages;

	const char *name;

	seqlock_t span_seqlock;

	/* free lists and per-zone statistics */
	spinlock_t lock;
	bool contiguous;
};

typedef struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES];
	int nr_zones;

	/*
	 * node_size_lock guards node_start_pfn, node_spanned_pages and
	 * node_present_pages.  It is a spinlock taken with interrupts
	 * disabled: see pgdat_resize_lock().  It nests outside the zone
	 * span seqlock and zone->lock.
	 */
	spinlock_t node_size_lock;
	unsigned long node_start_pfn;
	unsigned long node_present_pages;
	unsigned long node_spanned_pages;
	int node_id;
} pg_data_t;

extern struct pglist_data *node_data[];
#define NODE_DATA(nid)		(node_data[(nid)])

static inline unsigned long zone_end_pfn(const struct zone *zone)
{
	return zone->zone_start_pfn + zone->spanned_pages;
}

static inline bool zone_is_empty(struct zone *zone)
{
	return zone->spanned_pages == 0;
}

static inline bool populated_zone(struct zone *zone)
{
	return zone->present_pages != 0;
}

static inline int zone_to_nid(struct zone *zone)
{
	return zone->node;
}

#define zone_idx(zone)		((zone) - (zone)->zone_pgdat->node_zones)

static inline bool is_dev_zone(const struct zone *zone)
{
#ifdef CONFIG_ZONE_DEVICE
	return zone_idx(zone) == ZONE_DEVICE;
#else
	return false;
#endif
}

static inline unsigned long pgdat_end_pfn(pg_data_t *pgdat)
{
	return pgdat->node_start_pfn + pgdat->node_spanned_pages;
}

#ifdef CONFIG_SPARSEMEM

/* x86-64: 2^27 bytes = 128 MiB per section */
#define SECTION_SIZE_BITS	27
#define PA_SECTION_SHIFT	(SECTION_SIZE_BITS)
#define PFN_SECTION_SHIFT	(SECTION_SIZE_BITS - PAGE_SHIFT)
#define PAGES_PER_SECTION	(1UL << PFN_SECTION_SHIFT)
#define PAGE_SECTION_MASK	(~(PAGES_PER_SECTION - 1))
#define NR_MEM_SECTIONS		(1UL << 19)

#define SECTION_ALIGN_UP(pfn)	(((pfn) + PAGES_PER_SECTION - 1) & PAGE_SECTION_MASK)
#define SECTION_ALIGN_DOWN(pfn)	((pfn) & PAGE_SECTION_MASK)

struct mem_section {
	/* encoded memmap pointer plus the state bits below */
	unsigned long section_mem_map;
	unsigned long *pageblock_flags;
};

#define SECTION_MARKED_PRESENT	(1UL << 0)
#define SECTION_HAS_MEM_MAP	(1UL << 1)
#define SECTION_IS_ONLINE	(1UL << 2)
#define SECTION_MAP_LAST_BIT	(1UL << 3)
#define SECTION_MAP_MASK	(~(SECTION_MAP_LAST_BIT - 1))

extern struct mem_section mem_section[NR_MEM_SECTIONS];

static inline unsigned long pfn_to_section_nr(unsigned long pfn)
{
	return pfn >> PFN_SECTION_SHIFT;
}

static inline unsigned long section_nr_to_pfn(unsigned long sec)
{
	return sec << PFN_SECTION_SHIFT;
}

static inline struct mem_section *__nr_to_section(unsigned long nr)
{
	if (nr >= NR_MEM_SECTIONS)
		return NULL;
	return &mem_section[nr];
}

static inline struct mem_section *__pfn_to_section(unsigned long pfn)
{
	return __nr_to_section(pfn_to_section_nr(pfn));
}

static inline unsigned long __section_nr(struct mem_section *ms)
{
	return ms - mem_section;
}

static inline int present_section(struct mem_section *section)
{
	return section && (section->section_mem_map & SECTION_MARKED_PRESENT);
}

/* valid: a memmap exists for the section (it need not be initialized) */
static inline int valid_section(struct mem_section *section)
{
	return section && (section->section_mem_map & SECTION_HAS_MEM_MAP);
}

static inline int valid_section_nr(unsigned long nr)
{
	return valid_section(__nr_to_section(nr));
}

/* online: the section went through online_pages() */
static inline int online_section(struct mem_section *section)
{
	return section && (section->section_mem_map & SECTION_IS_ONLINE);
}

static inline int pfn_valid(unsigned long pfn)
{
	if (pfn_to_section_nr(pfn) >= NR_MEM_SECTIONS)
		return 0;
	return valid_section(__pfn_to_section(pfn));
}

#ifdef CONFIG_MEMORY_HOTPLUG
void online_mem_sections(unsigned long start_pfn, unsigned long end_pfn);
#ifdef CONFIG_MEMORY_HOTREMOVE
void offline_mem_sections(unsigned long start_pfn, unsigned long end_pfn);
#endif
#endif

#endif /* CONFIG_SPARSEMEM */

#endif /* _LINUX_MMZONE_H */
