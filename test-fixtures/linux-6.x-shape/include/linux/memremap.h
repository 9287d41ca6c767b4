/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_MEMREMAP_H_
#define _LINUX_MEMREMAP_H_

#include <linux/types.h>
#include <linux/mm_types.h>
#include <linux/range.h>
#include <linux/ioport.h>
#include <linux/completion.h>
#include <linux/percpu-refcount.h>
#include <linux/err.h>

struct page;
struct device;
struct resource;

/*
 * Device memory may carry its own memmap ("altmap"): the first
 * reserve + free pfns of the range hold the struct pages themselves and
 * are never initialized as ZONE_DEVICE pages.
 */
struct vmem_altmap {
	unsigned long base_pfn;
	unsigned long end_pfn;
	unsigned long reserve;
	unsigned long free;
	unsigned long align;
	unsigned long alloc;
};

/*
 * MEMORY_DEVICE_PRIVATE: not CPU addressable; struct pages only, no
 *	linear mapping (add_pages()).
 * MEMORY_DEVICE_COHERENT: CPU addressable device memory, migratable.
 * MEMORY_DEVICE_FS_DAX: persistent memory used through a DAX filesystem.
 * MEMORY_DEVICE_GENERIC: plain CPU addressable memory, e.g. device-dax.
 * MEMORY_DEVICE_PCI_P2PDMA: PCI BAR memory for peer-to-peer DMA.
 */
enum memory_type {
	MEMORY_DEVICE_PRIVATE = 1,
	MEMORY_DEVICE_COHERENT,
	MEMORY_DEVICE_FS_DAX,
	MEMORY_DEVICE_GENERIC,
	MEMORY_DEVICE_PCI_P2PDMA,
};

struct dev_pagemap;

struct dev_pagemap_ops {
	/* the last reference on a device page went away */
	void (*page_free)(struct page *page);

	/* a CPU fault hit a device-private page: migrate it back to RAM */
	vm_fault_t (*migrate_to_ram)(struct vm_fault *vmf);

	/* memory error in the range, for FS_DAX users */
	int (*memory_failure)(struct dev_pagemap *pgmap, unsigned long pfn,
			      unsigned long nr_pages, int mf_flags);
};

#define PGMAP_ALTMAP_VALID	(1 << 0)

/**
 * struct dev_pagemap - ZONE_DEVICE metadata of a device memory range
 * @altmap: memmap reservation, valid if PGMAP_ALTMAP_VALID is in @flags
 * @ref: counts the live pages of the pagemap
 * @done: completes when @ref reaches zero
 * @type: which kind of device memory this is
 * @flags: PGMAP_* flags
 * @ops: driver callbacks
 * @owner: cookie identifying the owner of device-private pages
 * @nr_range: how many entries @ranges has
 * @ranges: the physical ranges (@range is the single-range alias)
 */
struct dev_pagemap {
	struct vmem_altmap altmap;
	struct percpu_ref ref;
	struct completion done;
	enum memory_type type;
	unsigned int flags;
	unsigned long vmemmap_shift;
	const struct dev_pagemap_ops *ops;
	void *owner;
	int nr_range;
	union {
		struct range range;
		struct range ranges[1];
	};
};

static inline struct vmem_altmap *pgmap_altmap(struct dev_pagemap *pgmap)
{
	if (pgmap->flags & PGMAP_ALTMAP_VALID)
		return &pgmap->altmap;
	return NULL;
}

#ifdef CONFIG_ZONE_DEVICE
void *memremap_pages(struct dev_pagemap *pgmap, int nid);
void memunmap_pages(struct dev_pagemap *pgmap);
void *devm_memremap_pages(struct device *dev, struct dev_pagemap *pgmap);
void devm_memunmap_pages(struct device *dev, struct dev_pagemap *pgmap);
struct dev_pagemap *get_dev_pagemap(unsigned long pfn,
				    struct dev_pagemap *pgmap);
unsigned long vmem_altmap_offset(struct vmem_altmap *altmap);
void vmem_altmap_free(struct vmem_altmap *altmap, unsigned long nr_pfns);
unsigned long memremap_compat_align(void);
#else
static inline void *devm_memremap_pages(struct device *dev,
					struct dev_pagemap *pgmap)
{
	/* ZONE_DEVICE is not configured: nobody should be asking. */
	WARN_ON_ONCE(1);
	return ERR_PTR(-ENXIO);
}

static inline void devm_memunmap_pages(struct device *dev,
				       struct dev_pagemap *pgmap)
{
}

static inline struct dev_pagemap *get_dev_pagemap(unsigned long pfn,
						  struct dev_pagemap *pgmap)
{
	return NULL;
}

static inline unsigned long vmem_altmap_offset(struct vmem_altmap *altmap)
{
	return 0;
}

static inline void vmem_altmap_free(struct vmem_altmap *altmap,
				    unsigned long nr_pfns)
{
}
#endif /* CONFIG_ZONE_DEVICE */

static inline void put_dev_pagemap(struct dev_pagemap *pgmap)
{
	if (pgmap)
		percpu_ref_put(&pgmap->ref);
}

#endif /* _LINUX_MEMREMAP_H_ */
