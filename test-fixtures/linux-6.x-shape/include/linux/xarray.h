/* SPDX-License-Identifier: GPL-2.0+ */
#ifndef _LINUX_XARRAY_H
#define _LINUX_XARRAY_H

#include <linux/types.h>

struct xarray {
	unsigned int xa_flags;
	void *xa_head;
};

#define DEFINE_XARRAY(xaname) struct xarray xaname = { .xa_flags = 0 }

void *xa_load(struct xarray *xa, unsigned long index);
void *xa_store_range(struct xarray *xa, unsigned long first,
		     unsigned long last, void *entry, gfp_t gfp);

/* errors come back encoded as internal entries */
int xa_err(void *entry);

#endif /* _LINUX_XARRAY_H */
