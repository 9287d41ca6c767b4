// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture modelled on the memory hotplug part of arch/x86/mm/init_64.c
 * in the 6.1 era.  This arch selects ARCH_HAS_ADD_PAGES.
 */
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/memremap.h>
#include <linux/memory_hotplug.h>
#include <asm/page_types.h>

unsigned long max_pfn, max_low_pfn;
void *high_memory;

static void remove_pagetable(unsigned long start, unsigned long end,
			     bool direct, struct vmem_altmap *altmap);

/* max_pfn and friends follow the highest hot-added pfn */
static void update_end_of_memory_vars(u64 start, u64 size)
{
	unsigned long end_pfn = PFN_UP(start + size);

	if (end_pfn > max_pfn) {
		max_pfn = end_pfn;
		max_low_pfn = end_pfn;
		high_memory = (void *)__va(max_pfn * PAGE_SIZE - 1) + 1;
	}
}

#ifdef CONFIG_MEMORY_HOTPLUG
int add_pages(int nid, unsigned long start_pfn, unsigned long nr_pages,
	      struct mhp_params *params)
{
	int ret;

	ret = __add_pages(nid, start_pfn, nr_pages, params);
	WARN_ON_ONCE(ret);

	update_end_of_memory_vars(start_pfn << PAGE_SHIFT,
				  nr_pages << PAGE_SHIFT);

	return ret;
}

int arch_add_memory(int nid, u64 start, u64 size,
		    struct mhp_params *params)
{
	unsigned long start_pfn = start >> PAGE_SHIFT;
	unsigned long nr_pages = size >> PAGE_SHIFT;

	init_memory_mapping(start, start + size, params->pgprot);

	return add_pages(nid, start_pfn, nr_pages, params);
}

/* undo init_memory_mapping() for a hot-removed range */
static void __meminit
kernel_physical_mapping_remove(unsigned long start, unsigned long end)
{
	start = (unsigned long)__va(start);
	end = (unsigned long)__va(end);

	remove_pagetable(start, end, true, NULL);
}

void __ref arch_remove_memory(u64 start, u64 size,
			      struct vmem_altmap *altmap)
{
	unsigned long start_pfn = start >> PAGE_SHIFT;
	unsigned long nr_pages = size >> PAGE_SHIFT;

	__remove_pages(start_pfn, nr_pages, altmap);
	kernel_physical_mapping_remove(start, start + size);
}
#endif /* CONFIG_MEMORY_HOTPLUG */

static void remove_pagetable(unsigned long start, unsigned long end,
			     bool direct, struct vmem_altmap *altmap)
{
	/* page table teardown is out of scope for this fixture */
}
