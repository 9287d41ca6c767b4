/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/types.h>
#include <linux/mm_types.h>
#include <linux/mmzone.h>
#include <linux/pfn.h>

/* SPARSEMEM_VMEMMAP: the memmap is one virtually contiguous array. */
extern struct page *vmemmap;
#define __pfn_to_page(pfn)	(vmemmap + (pfn))
#define __page_to_pfn(page)	(unsigned long)((page) - vmemmap)
#define pfn_to_page		__pfn_to_page
#define page_to_pfn		__page_to_pfn

#define PAGE_OFFSET		0xffff888000000000UL
#define __va(x)			((void *)((unsigned long)(x) + PAGE_OFFSET))
#define __pa(x)			((unsigned long)(x) - PAGE_OFFSET)

#define NODES_PGSHIFT		(64 - 6)
#define ZONES_PGSHIFT		(NODES_PGSHIFT - 3)
#define NODES_MASK		((1UL << 6) - 1)
#define ZONES_MASK		((1UL << 3) - 1)

typedef struct {
	unsigned long pgprot;
} pgprot_t;
#define PAGE_KERNEL		((pgprot_t) { 0x163 })
#define pgprot_val(x)		((x).pgprot)

/* The zone and node of a page are encoded in page->flags. */
static inline enum zone_type page_zonenum(const struct page *page)
{
	return (page->flags >> ZONES_PGSHIFT) & ZONES_MASK;
}

static inline int page_to_nid(const struct page *page)
{
	return (page->flags >> NODES_PGSHIFT) & NODES_MASK;
}

static inline struct zone *page_zone(const struct page *page)
{
	return &NODE_DATA(page_to_nid(page))->node_zones[page_zonenum(page)];
}

static inline int pfn_to_nid(unsigned long pfn)
{
	return page_to_nid(pfn_to_page(pfn));
}

static inline bool is_zone_device_page(const struct page *page)
{
#ifdef CONFIG_ZONE_DEVICE
	return page_zonenum(page) == ZONE_DEVICE;
#else
	return false;
#endif
}

static inline int page_ref_dec_return(struct page *page)
{
	return --page->_refcount.counter;
}

void put_page(struct page *page);
void __put_page(struct page *page);
int numa_mem_id(void);

enum meminit_context {
	MEMINIT_EARLY,
	MEMINIT_HOTPLUG,
};

struct vmem_altmap;
struct dev_pagemap;
void memmap_init_range(unsigned long size, int nid, unsigned long zone,
		       unsigned long start_pfn, unsigned long zone_end_pfn,
		       enum meminit_context context,
		       struct vmem_altmap *altmap, int migratetype);
void memmap_init_zone_device(struct zone *zone, unsigned long start_pfn,
			     unsigned long nr_pages,
			     struct dev_pagemap *pgmap);
void page_init_poison(struct page *page, size_t size);
void init_currently_empty_zone(struct zone *zone, unsigned long start_pfn,
			       unsigned long size);
void set_zone_contiguous(struct zone *zone);
void clear_zone_contiguous(struct zone *zone);
void __offline_isolated_pages(unsigned long start_pfn, unsigned long end_pfn);
void adjust_managed_page_count(struct page *page, long count);

/* PAT memtype tracking (linux/pgtable.h in the real tree). */
struct vm_area_struct;
int track_pfn_remap(struct vm_area_struct *vma, pgprot_t *prot,
		    unsigned long pfn, unsigned long addr, unsigned long size);
void untrack_pfn(struct vm_area_struct *vma, unsigned long pfn,
		 unsigned long size);

#endif /* _LINUX_MM_H */
