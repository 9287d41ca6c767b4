/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H

#include <linux/types.h>

#define ___GFP_IO		0x40u
#define ___GFP_FS		0x80u
#define ___GFP_DIRECT_RECLAIM	0x400u
#define ___GFP_KSWAPD_RECLAIM	0x800u
#define ___GFP_ZERO		0x8000u

/* GFP_KERNEL may enter direct reclaim, i.e. it may sleep. */
#define GFP_KERNEL	(___GFP_DIRECT_RECLAIM | ___GFP_KSWAPD_RECLAIM | \
			 ___GFP_IO | ___GFP_FS)

void *kmalloc(size_t size, gfp_t flags);
void *kzalloc(size_t size, gfp_t flags);
void *kzalloc_node(size_t size, gfp_t flags, int node);
void kfree(const void *objp);

#endif /* _LINUX_SLAB_H */
