/* SPDX-License-Identifier: GPL-2.0 */
/* Heterogeneous memory management: device memory backed by struct pages. */
#ifndef LINUX_HMM_H
#define LINUX_HMM_H

#include <linux/types.h>
#include <linux/completion.h>
#include <linux/memremap.h>
#include <linux/percpu-refcount.h>

struct hmm;
struct hmm_mirror;
struct hmm_devmem;
struct device;
struct page;
struct resource;

struct hmm_mirror_ops {
	void (*sync_cpu_device_pagetables)(struct hmm_mirror *mirror,
					   unsigned long start,
					   unsigned long end);
};

struct hmm_mirror {
	struct hmm *hmm;
	const struct hmm_mirror_ops *ops;
	struct list_head list;
};

/* Callbacks a device driver supplies for the memory it hands to HMM. */
struct hmm_devmem_ops {
	void (*free)(struct hmm_devmem *devmem, struct page *page);
	int (*fault)(struct hmm_devmem *devmem, void *vma, unsigned long addr,
		     const struct page *page, unsigned int flags, void *pmdp);
};

struct hmm_devmem {
	struct completion completion;
	unsigned long pfn_first;
	unsigned long pfn_last;
	struct resource *resource;
	struct device *device;
	struct dev_pagemap pagemap;
	const struct hmm_devmem_ops *ops;
	struct percpu_ref ref;
};

#if defined(CONFIG_DEVICE_PRIVATE) || defined(CONFIG_DEVICE_PUBLIC)
struct hmm_devmem *hmm_devmem_add(const struct hmm_devmem_ops *ops,
				  struct device *device,
				  unsigned long size);
#endif

#endif /* LINUX_HMM_H */
