/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_MM_TYPES_H
#define _LINUX_MM_TYPES_H

#include <linux/types.h>

struct dev_pagemap;
struct address_space;

/*
 * One struct page per pfn: the memmap.  For hot-added memory the array is
 * allocated by add_pages() but holds garbage until the range is moved into
 * a zone, so flags (and with them the zone and node) are not trustworthy
 * before that.
 */
struct page {
	unsigned long flags;
	union {
		struct list_head lru;
		struct {	/* ZONE_DEVICE pages */
			unsigned long _zd_pad_1;
			struct dev_pagemap *pgmap;
			unsigned long hmm_data;
		};
	};
	struct address_space *mapping;
	atomic_t _refcount;
};

#endif /* _LINUX_MM_TYPES_H */
