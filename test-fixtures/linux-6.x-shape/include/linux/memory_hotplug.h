/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __LINUX_MEMORY_HOTPLUG_H
#define __LINUX_MEMORY_HOTPLUG_H

#include <linux/types.h>
#include <linux/mmzone.h>
#include <linux/spinlock.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/range.h>

struct page;
struct zone;
struct pglist_data;
struct mem_section;
struct memory_group;
struct resource;
struct vmem_altmap;
struct dev_pagemap;

typedef int mhp_t;

#define MHP_NONE		((mhp_t)0)
#define MHP_MERGE_RESOURCE	((mhp_t)(1 << 0))

/*
 * Extended parameters for memory hotplug:
 * @altmap: where the memmap of the range is allocated from, if not RAM
 * @pgprot: page protection of the linear mapping
 * @pgmap: the ZONE_DEVICE pagemap the range belongs to, if any
 */
struct mhp_params {
	struct vmem_altmap *altmap;
	pgprot_t pgprot;
	struct dev_pagemap *pgmap;
};

/* online_type values written through the memory block "state" file */
enum {
	MMOP_OFFLINE = 0,
	MMOP_ONLINE,
	MMOP_ONLINE_KERNEL,
	MMOP_ONLINE_MOVABLE,
};

#ifdef CONFIG_MEMORY_HOTPLUG

struct page *pfn_to_online_page(unsigned long pfn);

/*
 * The node span lock.  Interrupts are off while it is held, so nothing
 * that can sleep may run between these two calls.
 */
static inline
void pgdat_resize_lock(struct pglist_data *pgdat, unsigned long *flags)
{
	spin_lock_irqsave(&pgdat->node_size_lock, *flags);
}

static inline
void pgdat_resize_unlock(struct pglist_data *pgdat, unsigned long *flags)
{
	spin_unlock_irqrestore(&pgdat->node_size_lock, *flags);
}

/* Readers of zone_start_pfn/spanned_pages retry against these writers. */
static inline unsigned zone_span_seqbegin(struct zone *zone)
{
	return read_seqbegin(&zone->span_seqlock);
}

static inline int zone_span_seqretry(struct zone *zone, unsigned iv)
{
	return read_seqretry(&zone->span_seqlock, iv);
}

static inline void zone_span_writelock(struct zone *zone)
{
	write_seqlock(&zone->span_seqlock);
}

static inline void zone_span_writeunlock(struct zone *zone)
{
	write_sequnlock(&zone->span_seqlock);
}

extern int online_pages(unsigned long pfn, unsigned long nr_pages,
			struct zone *zone, struct memory_group *group);
extern void mem_hotplug_begin(void);
extern void mem_hotplug_done(void);
extern void get_online_mems(void);
extern void put_online_mems(void);

extern int __add_pages(int nid, unsigned long start_pfn,
		       unsigned long nr_pages, struct mhp_params *params);

#ifndef CONFIG_ARCH_HAS_ADD_PAGES
static inline int add_pages(int nid, unsigned long start_pfn,
		unsigned long nr_pages, struct mhp_params *params)
{
	return __add_pages(nid, start_pfn, nr_pages, params);
}
#else /* CONFIG_ARCH_HAS_ADD_PAGES */
int add_pages(int nid, unsigned long start_pfn, unsigned long nr_pages,
	      struct mhp_params *params);
#endif /* CONFIG_ARCH_HAS_ADD_PAGES */

extern int arch_add_memory(int nid, u64 start, u64 size,
			   struct mhp_params *params);
extern void arch_remove_memory(u64 start, u64 size,
			       struct vmem_altmap *altmap);
extern void __remove_pages(unsigned long start_pfn, unsigned long nr_pages,
			   struct vmem_altmap *altmap);

extern void move_pfn_range_to_zone(struct zone *zone, unsigned long start_pfn,
				   unsigned long nr_pages,
				   struct vmem_altmap *altmap, int migratetype);
extern void remove_pfn_range_from_zone(struct zone *zone,
				       unsigned long start_pfn,
				       unsigned long nr_pages);
extern bool mhp_range_allowed(u64 start, u64 size, bool need_mapping);
extern struct range arch_get_mappable_range(void);

extern int __add_memory(int nid, u64 start, u64 size, mhp_t mhp_flags);
extern int add_memory(int nid, u64 start, u64 size, mhp_t mhp_flags);
extern int add_memory_resource(int nid, struct resource *resource,
			       mhp_t mhp_flags);

extern int sparse_add_section(int nid, unsigned long pfn,
		unsigned long nr_pages, struct vmem_altmap *altmap,
		struct dev_pagemap *pgmap);
extern void sparse_remove_section(struct mem_section *ms,
		unsigned long pfn, unsigned long nr_pages,
		unsigned long map_offset, struct vmem_altmap *altmap);

#else /* ! CONFIG_MEMORY_HOTPLUG */

static inline struct page *pfn_to_online_page(unsigned long pfn)
{
	return NULL;
}
static inline void pgdat_resize_lock(struct pglist_data *p, unsigned long *f) {}
static inline void pgdat_resize_unlock(struct pglist_data *p, unsigned long *f) {}
static inline void mem_hotplug_begin(void) {}
static inline void mem_hotplug_done(void) {}
static inline void get_online_mems(void) {}
static inline void put_online_mems(void) {}

#endif /* ! CONFIG_MEMORY_HOTPLUG */

#ifdef CONFIG_MEMORY_HOTREMOVE

extern int offline_pages(unsigned long start_pfn, unsigned long nr_pages,
			 struct zone *zone, struct memory_group *group);
extern void __remove_memory(u64 start, u64 size);
extern int remove_memory(u64 start, u64 size);

#else /* CONFIG_MEMORY_HOTREMOVE */

static inline int offline_pages(unsigned long start_pfn,
				unsigned long nr_pages, struct zone *zone,
				struct memory_group *group)
{
	return -EINVAL;
}

#endif /* CONFIG_MEMORY_HOTREMOVE */

#endif /* __LINUX_MEMORY_HOTPLUG_H */
