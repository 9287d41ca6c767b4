// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture modelled on the hotplug half of mm/sparse.c in the 6.1 era:
 * (sub)section activation and removal.
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
struct page *populate_section_memmap(unsigned long pfn,
		unsigned long nr_pages, int nid, struct vmem_altmap *altmap,
		struct dev_pagemap *pgmap);
void depopulate_section_memmap(unsigned long pfn, unsigned long nr_pages,
		struct vmem_altmap *altmap);

static void set_section_nid(unsigned long section_nr, int nid)
{
	/* node ids of sections live in a side table */
}

static void __section_mark_present(struct mem_section *ms,
		unsigned long section_nr)
{
	ms->section_mem_map |= SECTION_MARKED_PRESENT;
}

static unsigned long sparse_encode_mem_map(struct page *mem_map,
					   unsigned long pnum)
{
	return (unsigned long)(mem_map - section_nr_to_pfn(pnum));
}

static void sparse_init_one_section(struct mem_section *ms,
		unsigned long pnum, struct page *mem_map,
		struct mem_section_usage *usage, unsigned long flags)
{
	ms->section_mem_map &= ~SECTION_MAP_MASK;
	ms->section_mem_map |= sparse_encode_mem_map(mem_map, pnum)
		| SECTION_HAS_MEM_MAP | flags;
	ms->usage = usage;
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

/* ... and offline again, from the offline_pages() path only. */
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

/*
 * Populate the memmap for a (sub)section range.  The usage map of a new
 * section is allocated here, with GFP_KERNEL: no spinlock is held.
 */
static struct page * __meminit section_activate(int nid, unsigned long pfn,
		unsigned long nr_pages, struct vmem_altmap *altmap,
		struct dev_pagemap *pgmap)
{
	struct mem_section *ms = __pfn_to_section(pfn);
	struct mem_section_usage *usage = NULL;
	struct page *memmap;

	if (!ms->usage) {
		usage = kzalloc(sizeof(*usage), GFP_KERNEL);
		if (!usage)
			return ERR_PTR(-ENOMEM);
		ms->usage = usage;
	}

	memmap = populate_section_memmap(pfn, nr_pages, nid, altmap, pgmap);
	if (!memmap) {
		if (usage) {
			ms->usage = NULL;
			kfree(usage);
		}
		return ERR_PTR(-ENOMEM);
	}

	return memmap;
}

/**
 * sparse_add_section - add a memory (sub)section, or populate it
 * @nid: node for the memmap allocation
 * @start_pfn: first pfn to add
 * @nr_pages: number of pfns, at most up to the end of the section
 * @altmap: device memmap reservation, if any
 * @pgmap: the ZONE_DEVICE pagemap, if any
 *
 * The new memmap is poisoned: it is not a valid struct page array until
 * the range is moved into a zone.
 */
int __meminit sparse_add_section(int nid, unsigned long start_pfn,
		unsigned long nr_pages, struct vmem_altmap *altmap,
		struct dev_pagemap *pgmap)
{
	unsigned long section_nr = pfn_to_section_nr(start_pfn);
	struct mem_section *ms;
	struct page *memmap;
	int ret;

	ret = sparse_index_init(section_nr, nid);
	if (ret < 0)
		return ret;

	memmap = section_activate(nid, start_pfn, nr_pages, altmap, pgmap);
	if (IS_ERR(memmap))
		return PTR_ERR(memmap);

	page_init_poison(memmap, sizeof(struct page) * nr_pages);

	ms = __nr_to_section(section_nr);
	set_section_nid(section_nr, nid);
	__section_mark_present(ms, section_nr);

	/* a sub-section memmap is still addressed from the section start */
	if (early_section(ms))
		memmap = pfn_to_page(section_nr_to_pfn(section_nr));
	sparse_init_one_section(ms, section_nr, memmap, ms->usage, 0);

	return 0;
}

void sparse_remove_section(struct mem_section *ms, unsigned long pfn,
		unsigned long nr_pages, unsigned long map_offset,
		struct vmem_altmap *altmap)
{
	/* skip the memmap pages that the altmap reserve holds */
	depopulate_section_memmap(pfn + map_offset, nr_pages - map_offset,
				  altmap);

	if (nr_pages == PAGES_PER_SECTION || !early_section(ms)) {
		kfree(ms->usage);
		ms->usage = NULL;
		ms->section_mem_map = 0;
	}
}
#endif /* CONFIG_MEMORY_HOTPLUG */
