// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture modelled on arm64's early memory hotplug support (arch/arm64/
 * mm/mmu.c, late 2018): hot-add only, no arch_remove_memory(), and no
 * ARCH_HAS_ADD_PAGES, so add_pages() is the generic inline.
 */
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/memremap.h>
#include <linux/memory_hotplug.h>

#define NO_BLOCK_MAPPINGS	(1UL << 0)
#define NO_CONT_MAPPINGS	(1UL << 1)

typedef struct {
	unsigned long pgd;
} pgd_t;

extern pgd_t swapper_pg_dir[];
extern bool rodata_full;
bool debug_pagealloc_enabled(void);
phys_addr_t pgd_pgtable_alloc(void);
void alloc_init_pud(pgd_t *pgdp, unsigned long addr, unsigned long end,
		    phys_addr_t phys, pgprot_t prot,
		    phys_addr_t (*pgtable_alloc)(void), int flags);

#define __phys_to_virt(x)	((unsigned long)__va(x))

static void __create_pgd_mapping(pgd_t *pgdir, phys_addr_t phys,
				 unsigned long virt, phys_addr_t size,
				 pgprot_t prot,
				 phys_addr_t (*pgtable_alloc)(void),
				 int flags)
{
	unsigned long addr, end;

	addr = virt & PAGE_MASK;
	end = PFN_ALIGN(virt + size);
	alloc_init_pud(pgdir, addr, end, phys, prot, pgtable_alloc, flags);
}

#ifdef CONFIG_MEMORY_HOTPLUG
int arch_add_memory(int nid, u64 start, u64 size, struct vmem_altmap *altmap,
		    bool want_memblock)
{
	int flags = 0;

	/* page-granular mappings when permissions may be changed later */
	if (rodata_full || debug_pagealloc_enabled())
		flags = NO_BLOCK_MAPPINGS | NO_CONT_MAPPINGS;

	__create_pgd_mapping(swapper_pg_dir, start, __phys_to_virt(start),
			     size, PAGE_KERNEL, pgd_pgtable_alloc, flags);

	return __add_pages(nid, start >> PAGE_SHIFT, size >> PAGE_SHIFT,
			   altmap, want_memblock);
}
#endif /* CONFIG_MEMORY_HOTPLUG */
