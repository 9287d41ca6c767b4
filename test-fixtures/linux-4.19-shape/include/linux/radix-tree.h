/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_RADIX_TREE_H
#define _LINUX_RADIX_TREE_H

#include <linux/types.h>

struct radix_tree_root {
	gfp_t gfp_mask;
	void *rnode;
};

#define RADIX_TREE(name, mask) \
	struct radix_tree_root name = { .gfp_mask = (mask), .rnode = NULL }

int __radix_tree_insert(struct radix_tree_root *root, unsigned long index,
			unsigned int order, void *item);
int radix_tree_insert(struct radix_tree_root *root, unsigned long index,
		      void *item);
void *radix_tree_lookup(const struct radix_tree_root *root,
			unsigned long index);
void *radix_tree_delete(struct radix_tree_root *root, unsigned long index);

#endif /* _LINUX_RADIX_TREE_H */
