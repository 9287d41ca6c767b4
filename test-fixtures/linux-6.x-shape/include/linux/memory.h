/* SPDX-License-Identifier: GPL-2.0 */
/* Memory block devices: the sysfs face of memory hotplug. */
#ifndef _LINUX_MEMORY_H
#define _LINUX_MEMORY_H

#include <linux/types.h>
#include <linux/device.h>

#define MIN_MEMORY_BLOCK_SIZE	(1UL << 27)

struct zone;
struct memory_group;

struct memory_block {
	unsigned long start_section_nr;
	unsigned long state;		/* serialized by the device lock */
	int online_type;		/* serialized by device_hotplug_lock */
	int nid;
	struct zone *zone;		/* set while online */
	struct device dev;
	struct memory_group *group;
};

#define MEM_ONLINE		(1<<0)
#define MEM_GOING_OFFLINE	(1<<1)
#define MEM_OFFLINE		(1<<2)
#define MEM_GOING_ONLINE	(1<<3)
#define MEM_CANCEL_ONLINE	(1<<4)
#define MEM_CANCEL_OFFLINE	(1<<5)

struct memory_notify {
	unsigned long start_pfn;
	unsigned long nr_pages;
	int status_change_nid_normal;
	int status_change_nid_high;
	int status_change_nid;
};

int memory_notify(unsigned long val, void *v);
int notifier_to_errno(int ret);
int create_memory_block_devices(unsigned long start, unsigned long size,
				struct memory_group *group);
void remove_memory_block_devices(unsigned long start, unsigned long size);
int walk_memory_blocks(unsigned long start, unsigned long size,
		       void *arg, int (*func)(struct memory_block *, void *));

#endif /* _LINUX_MEMORY_H */
