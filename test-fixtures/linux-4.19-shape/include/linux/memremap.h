/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_MEMREMAP_H_
#define _LINUX_MEMREMAP_H_

#include <linux/types.h>
#include <linux/ioport.h>
#include <linux/percpu-refcount.h>
#include <linux/err.h>

struct page;
struct device;
struct resource;

/*
 * Device memory may carry its own memmap ("altmap"): the first
 * reserve + free pfns of the range hold the struct pages themselves and
 * are never handed out as ZONE_DEVICE pages.
 */
struct vmem_altmap {
	unsigned long base_pfn;
	unsigned long reserve;
	unsigned long free;
	unsigned long align;
	unsigned long alloc;
};

/*
 * MEMORY_DEVICE_PRIVATE: not addressable by the CPU, no linear mapping.
 * MEMORY_DEVICE_PUBLIC: coherent device memory, mapped like RAM.
 * MEMORY_DEVICE_FS_DAX: persistent memory behind a DAX filesystem.
 */
enum memory_type {
	MEMORY_DEVICE_PRIVATE = 1,
	MEMORY_DEVICE_PUBLIC,
	MEMORY_DEVICE_FS_DAX,
};

typedef int (*dev_page_fault_t)(void *vma, unsigned long addr,
				const struct page *page, unsigned int flags,
				void *pmdp);
typedef void (*dev_page_free_t)(struct page *page, void *data);

/*
 * @kill: stop new references on @ref; called first on teardown
 * @page_free: the driver takes back a page whose refcount dropped to one
 */
struct dev_pagemap {
	dev_page_fault_t page_fault;
	dev_page_free_t page_free;
	struct vmem_altmap altmap;
	bool altmap_valid;
	struct resource res;
	struct percpu_ref *ref;
	void (*kill)(struct percpu_ref *ref);
	struct device *dev;
	void *data;
	enum memory_type type;
};

#ifdef CONFIG_ZONE_DEVICE
void *devm_memremap_pages(struct device *dev, struct dev_pagemap *pgmap);
struct dev_pagemap *get_dev_pagemap(unsigned long pfn,
				    struct dev_pagemap *pgmap);
unsigned long vmem_altmap_offset(struct vmem_altmap *altmap);
void vmem_altmap_free(struct vmem_altmap *altmap, unsigned long nr_pfns);
#else
static inline void *devm_memremap_pages(struct device *dev,
					struct dev_pagemap *pgmap)
{
	/* ZONE_DEVICE is not configured: nobody should be asking. */
	WARN_ON_ONCE(1);
	return ERR_PTR(-ENXIO);
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
		percpu_ref_put(pgmap->ref);
}

#endif /* _LINUX_MEMREMAP_H_ */
