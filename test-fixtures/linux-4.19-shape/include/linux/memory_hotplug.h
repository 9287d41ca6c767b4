/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __LINUX_MEMORY_HOTPLUG_H
#define __LINUX_MEMORY_HOTPLUG_H

#include <linux/types.h>
#include <linux/mmzone.h>
#include <linux/spinlock.h>
#include <linux/errno.h>

struct page;
struct zone;
struct pglist_data;
struct mem_section;
struct memory_block;
struct resource;
struct vmem_altmap;

/* online_type values written through the memory block "state" file */
enum {
	MMOP_OFFLINE = -1,
	MMOP_ONLINE_KEEP,
	MMOP_ONLINE_KERNEL,
	MMOP_ONLINE_MOVABLE,
};

#ifdef CONFIG_MEMORY_HOTPLUG

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
			int online_type);
extern void mem_hotplug_begin(void);
extern void mem_hotplug_done(void);
extern void get_online_mems(void);
extern void put_online_mems(void);

extern int __add_pages(int nid, unsigned long start_pfn,
		       unsigned long nr_pages, struct vmem_altmap *altmap,
		       bool want_memblock);

#ifndef CONFIG_ARCH_HAS_ADD_PAGES
/* Architectures without their own add_pages() use the generic one. */
static inline int add_pages(int nid, unsigned long start_pfn,
			    unsigned long nr_pages, struct vmem_altmap *altmap,
			    bool want_memblock)
{
	return __add_pages(nid, start_pfn, nr_pages, altmap, want_memblock);
}
#else /* CONFIG_ARCH_HAS_ADD_PAGES */
int add_pages(int nid, unsigned long start_pfn, unsigned long nr_pages,
	      struct vmem_altmap *altmap, bool want_memblock);
#endif /* CONFIG_ARCH_HAS_ADD_PAGES */

extern int arch_add_memory(int nid, u64 start, u64 size,
			   struct vmem_altmap *altmap, bool want_memblock);
extern void move_pfn_range_to_zone(struct zone *zone, unsigned long start_pfn,
				   unsigned long nr_pages,
				   struct vmem_altmap *altmap);

extern int __add_memory(int nid, u64 start, u64 size);
extern int add_memory(int nid, u64 start, u64 size);
extern int add_memory_resource(int nid, struct resource *resource,
			       bool online);

extern int sparse_add_one_section(struct pglist_data *pgdat,
				  unsigned long start_pfn,
				  struct vmem_altmap *altmap);

#else /* ! CONFIG_MEMORY_HOTPLUG */

static inline void pgdat_resize_lock(struct pglist_data *p, unsigned long *f) {}
static inline void pgdat_resize_unlock(struct pglist_data *p, unsigned long *f) {}
static inline void zone_span_writelock(struct zone *zone) {}
static inline void zone_span_writeunlock(struct zone *zone) {}
static inline void mem_hotplug_begin(void) {}
static inline void mem_hotplug_done(void) {}
static inline void get_online_mems(void) {}
static inline void put_online_mems(void) {}

#endif /* ! CONFIG_MEMORY_HOTPLUG */

#ifdef CONFIG_MEMORY_HOTREMOVE

extern int arch_remove_memory(u64 start, u64 size,
			      struct vmem_altmap *altmap);
extern int __remove_pages(struct zone *zone, unsigned long start_pfn,
			  unsigned long nr_pages, struct vmem_altmap *altmap);
extern int offline_pages(unsigned long start_pfn, unsigned long nr_pages);
extern void __remove_memory(int nid, u64 start, u64 size);
extern void remove_memory(int nid, u64 start, u64 size);
extern void sparse_remove_one_section(struct zone *zone,
				      struct mem_section *ms,
				      unsigned long map_offset,
				      struct vmem_altmap *altmap);

#else /* CONFIG_MEMORY_HOTREMOVE */

static inline int offline_pages(unsigned long start_pfn,
				unsigned long nr_pages)
{
	return -EINVAL;
}

#endif /* CONFIG_MEMORY_HOTREMOVE */

#endif /* __LINUX_MEMORY_HOTPLUG_H */
