/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef __DAX_PRIVATE_H__
#define __DAX_PRIVATE_H__

#include <linux/types.h>
#include <linux/device.h>
#include <linux/range.h>

struct dev_pagemap;
struct dax_device;

struct dev_dax_range {
	unsigned long pgoff;
	struct range range;
};

/* one device-dax instance: a character device over a few ranges */
struct dev_dax {
	struct dax_device *dax_dev;
	unsigned int align;
	struct device dev;
	struct dev_pagemap *pgmap;
	int nr_range;
	struct dev_dax_range *ranges;
};

struct dax_device_driver {
	int (*probe)(struct dev_dax *dev);
	void (*remove)(struct dev_dax *dev);
	int type;
};

#define DAXDRV_DEVICE_TYPE	1

void run_dax(struct dax_device *dax_dev);
void kill_dax(struct dax_device *dax_dev);
void *devm_kzalloc(struct device *dev, size_t size, gfp_t gfp);

#endif /* __DAX_PRIVATE_H__ */
