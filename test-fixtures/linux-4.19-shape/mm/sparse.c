// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture modelled on the 4.19-era mm/sparse.c: section bookkeeping for
 * memory hotplug.
 */
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/memremap.h>
#include <linux/memory_hotplug.h>

struct mem_section mem_section[NR_MEM_SECTIONS];

int sparse_index_init(unsigned long section_nr, int nid);
struct page *kmalloc_section_memmap(unsigned long pnum, int nid,
				     struct vmem_altmap *altmap);
void __kfree_section_memmap(struct page *memmap,
			       struct vmem_altmap *altmap);

static unsigned long usemap_size(void)
{
	return sizeof(unsigned long) * 4;
}

/* the memmap is stored relative to the section's first pfn */
static unsigned long sparse_encode_mem_map(struct page *mem_map,
					   unsigned long pnum)
{
	return (unsigned long)(mem_map - section_nr_to_pfn(pnum));
}

static struct page *sparse_decode_mem_map(unsigned long coded_mem_map,
					  unsigned long pnum)
{
	coded_mem_map &= SECTION_MAP_MASK;
	return ((struct page *)coded_mem_map) + section_nr_to_pfn(pnum);
}

static void section_mark_present(struct mem_section *ms)
{
	ms->section_mem_map |= SECTION_MARKED_PRESENT;
}

static int sparse_init_one_section(struct mem_section *ms,
		unsigned long pnum, struct page *mem_map,
		unsigned long *pageblock_bitmap)
{
	if (!present_section(ms))
		return -EINVAL;

	ms->section_mem_map &= ~SECTION_MAP_MASK;
	ms->section_mem_map |= sparse_encode_mem_map(mem_map, pnum) |
						SECTION_HAS_MEM_MAP;
	ms->pageblock_flags = pageblock_bitmap;

	return 1;
}

#ifdef CONFIG_MEMORY_HOTPLUG

/* Mark the sections of a range online: only online_pages() gets here. */
void online_mem_sections(unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long pfn;

	for (pfn = start_pfn; pfn < end_pfn; pfn += PAGES_PER_SECTION) {
		unsigned long section_nr = pfn_to_section_nr(pfn);
		struct mem_section *ms;

		/* a range being onlined is always valid */
		if (WARN_ON(!valid_section_nr(section_nr)))
			continue;

		ms = __nr_to_section(section_nr);
		ms->section_mem_map |= SECTION_IS_ONLINE;
	}
}

#ifdef CONFIG_MEMORY_HOTREMOVE
/* ... and offline again: only reached from the offline_pages() path. */
void offline_mem_sections(unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long pfn;

	for (pfn = start_pfn; pfn < end_pfn; pfn += PAGES_PER_SECTION) {
		unsigned long section_nr = pfn_to_section_nr(pfn);
		struct mem_section *ms;

		if (WARN_ON(!valid_section_nr(section_nr)))
			continue;

		ms = __nr_to_section(section_nr);
		ms->section_mem_map &= ~SECTION_IS_ONLINE;
	}
}
#endif /* CONFIG_MEMORY_HOTREMOVE */

/*
 * Make one hot-added section present and give it a memmap.  The memmap
 * and usemap allocations may sleep, so they happen before the node's
 * resize lock is taken; only the install itself runs under it.
 */
int __meminit sparse_add_one_section(struct pglist_data *pgdat,
		unsigned long start_pfn, struct vmem_altmap *altmap)
{
	unsigned long section_nr = pfn_to_section_nr(start_pfn);
	struct mem_section *ms;
	struct page *memmap;
	unsigned long *usemap;
	unsigned long flags;
	int ret;

	/* sparse_index_init() allocates and locks on its own */
	ret = sparse_index_init(section_nr, pgdat->node_id);
	if (ret < 0 && ret != -EEXIST)
		return ret;
	ret = 0;
	memmap = kmalloc_section_memmap(section_nr, pgdat->node_id, altmap);
	if (!memmap)
		return -ENOMEM;
	usemap = kzalloc(usemap_size(), GFP_KERNEL);
	if (!usemap) {
		__kfree_section_memmap(memmap, altmap);
		return -ENOMEM;
	}

	pgdat_resize_lock(pgdat, &flags);

	ms = __pfn_to_section(start_pfn);
	if (ms->section_mem_map & SECTION_MARKED_PRESENT) {
		ret = -EEXIST;
		goto out;
	}

	section_mark_present(ms);

	ret = sparse_init_one_section(ms, section_nr, memmap, usemap);

out:
	pgdat_resize_unlock(pgdat, &flags);
	if (ret < 0) {
		kfree(usemap);
		__kfree_section_memmap(memmap, altmap);
	}
	return ret;
}

#ifdef CONFIG_MEMORY_HOTREMOVE
static void free_section_usemap(struct page *memmap, unsigned long *usemap,
		struct vmem_altmap *altmap)
{
	if (!usemap)
		return;

	kfree(usemap);
	if (memmap)
		__kfree_section_memmap(memmap, altmap);
}

void sparse_remove_one_section(struct zone *zone, struct mem_section *ms,
		unsigned long map_offset, struct vmem_altmap *altmap)
{
	struct page *memmap = NULL;
	unsigned long *usemap = NULL, flags;
	struct pglist_data *pgdat = zone->zone_pgdat;

	pgdat_resize_lock(pgdat, &flags);
	if (ms->section_mem_map) {
		usemap = ms->pageblock_flags;
		memmap = sparse_decode_mem_map(ms->section_mem_map,
						__section_nr(ms));
		ms->section_mem_map = 0;
		ms->pageblock_flags = NULL;
	}
	pgdat_resize_unlock(pgdat, &flags);

	free_section_usemap(memmap, usemap, altmap);
}
#endif /* CONFIG_MEMORY_HOTREMOVE */
#endif /* CONFIG_MEMORY_HOTPLUG */
