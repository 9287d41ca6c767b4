// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture modelled on drivers/dax/device.c of the 6.1 era: the device-dax
 * driver maps its ranges as MEMORY_DEVICE_GENERIC ZONE_DEVICE memory.
 */
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/device.h>
#include <linux/ioport.h>
#include <linux/range.h>
#include <linux/mm.h>
#include <linux/memremap.h>
#include "dax-private.h"

static void dev_dax_kill(void *dev_dax)
{
	struct dev_dax *d = dev_dax;

	kill_dax(d->dax_dev);
}

/* Bound by the driver core with the device lock held. */
static int dev_dax_probe(struct dev_dax *dev_dax)
{
	struct dax_device *dax_dev = dev_dax->dax_dev;
	struct device *dev = &dev_dax->dev;
	struct dev_pagemap *pgmap;
	void *addr;
	int i;

	pgmap = dev_dax->pgmap;
	if (dev_WARN_ONCE(dev, pgmap && dev_dax->nr_range > 1,
			"a static pagemap cannot describe several ranges\n"))
		return -EINVAL;

	if (!pgmap) {
		pgmap = devm_kzalloc(dev, sizeof(*pgmap) +
				     sizeof(struct range) * (dev_dax->nr_range - 1),
				     GFP_KERNEL);
		if (!pgmap)
			return -ENOMEM;
		pgmap->nr_range = dev_dax->nr_range;
		dev_dax->pgmap = pgmap;
		for (i = 0; i < dev_dax->nr_range; i++) {
			struct range *range = &dev_dax->ranges[i].range;

			pgmap->ranges[i] = *range;
		}
	}

	for (i = 0; i < dev_dax->nr_range; i++) {
		struct range *range = &dev_dax->ranges[i].range;

		if (!devm_request_mem_region(dev, range->start,
					range_len(range), dev_name(dev))) {
			dev_warn(dev, "range %d: %#llx-%#llx is busy\n",
					i, range->start, range->end);
			return -EBUSY;
		}
	}

	pgmap->type = MEMORY_DEVICE_GENERIC;
	addr = devm_memremap_pages(dev, pgmap);
	if (IS_ERR(addr))
		return PTR_ERR(addr);

	run_dax(dax_dev);
	return devm_add_action_or_reset(dev, dev_dax_kill, dev_dax);
}

static struct dax_device_driver device_dax_driver = {
	.probe = dev_dax_probe,
	.type = DAXDRV_DEVICE_TYPE,
};

struct dax_device_driver *dax_device_driver_get(void)
{
	return &device_dax_driver;
}
