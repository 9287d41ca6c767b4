/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_MM_TYPES_H
#define _LINUX_MM_TYPES_H

#include <linux/types.h>

struct dev_pagemap;
struct address_space;

/*
 * One struct page per pfn: the memmap.  Hot-added memory gets a poisoned
 * memmap from sparse_add_section(); it becomes meaningful only once
 * move_pfn_range_to_zone() or memmap_init_zone_device() initialized it.
 */
struct page {
	unsigned long flags;
	union {
		struct list_head lru;
		struct {	/* ZONE_DEVICE pages */
			struct dev_pagemap *pgmap;
			void *zone_device_data;
		};
	};
	struct address_space *mapping;
	atomic_t _refcount;
};

typedef unsigned int vm_fault_t;
struct vm_fault;

#endif /* _LINUX_MM_TYPES_H */
