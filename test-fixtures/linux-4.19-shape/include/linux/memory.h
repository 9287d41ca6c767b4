/* SPDX-License-Identifier: GPL-2.0 */
/* Memory block devices: the sysfs face of memory hotplug. */
#ifndef _LINUX_MEMORY_H
#define _LINUX_MEMORY_H

#include <linux/types.h>
#include <linux/device.h>

#define MIN_MEMORY_BLOCK_SIZE	(1UL << 27)

struct mem_section;

struct memory_block {
	unsigned long start_section_nr;
	unsigned long state;		/* serialized by the device lock */
	int section_count;
	int online_type;		/* serialized by device_hotplug_lock */
	int nid;
	struct device dev;
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
struct memory_block *find_memory_block(struct mem_section *section);
int hotplug_memory_register(int nid, struct mem_section *section);
int unregister_memory_section(struct mem_section *section);
int link_mem_sections(int nid, unsigned long start_pfn, unsigned long end_pfn);
int walk_memory_range(unsigned long start_pfn, unsigned long end_pfn,
		      void *arg, int (*func)(struct memory_block *, void *));

#endif /* _LINUX_MEMORY_H */
