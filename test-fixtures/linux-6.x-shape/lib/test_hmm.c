// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture modelled on lib/test_hmm.c of the 6.1 era: a fake device that
 * hotplugs MEMORY_DEVICE_PRIVATE memory through memremap_pages() and
 * takes its pages back through dev_pagemap_ops->page_free.
 */
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/err.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/ioport.h>
#include <linux/range.h>
#include <linux/mm.h>
#include <linux/memremap.h>

#define DEVMEM_CHUNK_SIZE	(256 * 1024 * 1024U)

struct dmirror_device;

struct dmirror_chunk {
	struct dev_pagemap pagemap;
	struct dmirror_device *mdevice;
};

struct dmirror_device {
	struct mutex devmem_lock;
	unsigned int devmem_count;
	struct dmirror_chunk *chunk;
	struct mutex lock;
	struct page *free_pages;
};

struct resource *request_free_mem_region(struct resource *base,
					 unsigned long size, const char *name);
void release_mem_region(resource_size_t start, resource_size_t n);
int numa_node_id(void);

static struct dmirror_chunk *dmirror_page_to_chunk(struct page *page)
{
	return container_of(page->pgmap, struct dmirror_chunk, pagemap);
}

/* the core gives a device page back: put it on the device's free list */
static void dmirror_devmem_free(struct page *page)
{
	struct dmirror_device *mdevice = dmirror_page_to_chunk(page)->mdevice;

	mutex_lock(&mdevice->lock);
	page->zone_device_data = mdevice->free_pages;
	mdevice->free_pages = page;
	mutex_unlock(&mdevice->lock);
}

static vm_fault_t dmirror_devmem_fault(struct vm_fault *vmf)
{
	/* migration back to system memory is not modelled */
	return 0;
}

static const struct dev_pagemap_ops dmirror_devmem_ops = {
	.page_free	= dmirror_devmem_free,
	.migrate_to_ram	= dmirror_devmem_fault,
};

static int dmirror_allocate_chunk(struct dmirror_device *mdevice)
{
	struct dmirror_chunk *devmem;
	struct resource *res;
	void *ptr;
	int ret = -ENOMEM;

	devmem = kzalloc(sizeof(*devmem), GFP_KERNEL);
	if (!devmem)
		return ret;

	res = request_free_mem_region(&iomem_resource, DEVMEM_CHUNK_SIZE,
				      "hmm_dmirror");
	if (IS_ERR(res))
		goto err_devmem;

	devmem->pagemap.type = MEMORY_DEVICE_PRIVATE;
	devmem->pagemap.range.start = res->start;
	devmem->pagemap.range.end = res->end;
	devmem->pagemap.nr_range = 1;
	devmem->pagemap.ops = &dmirror_devmem_ops;
	devmem->pagemap.owner = mdevice;

	mutex_lock(&mdevice->devmem_lock);

	ptr = memremap_pages(&devmem->pagemap, numa_node_id());
	if (IS_ERR(ptr)) {
		ret = PTR_ERR(ptr);
		goto err_release;
	}

	devmem->mdevice = mdevice;
	mdevice->chunk = devmem;
	mdevice->devmem_count++;

	mutex_unlock(&mdevice->devmem_lock);
	return 0;

err_release:
	mutex_unlock(&mdevice->devmem_lock);
	release_mem_region(devmem->pagemap.range.start,
			   range_len(&devmem->pagemap.range));
err_devmem:
	kfree(devmem);
	return ret;
}

static void dmirror_device_remove(struct dmirror_device *mdevice)
{
	struct dmirror_chunk *devmem = mdevice->chunk;

	if (!devmem)
		return;

	memunmap_pages(&devmem->pagemap);
	release_mem_region(devmem->pagemap.range.start,
			   range_len(&devmem->pagemap.range));
	kfree(devmem);
	mdevice->chunk = NULL;
}

int dmirror_device_init(struct dmirror_device *mdevice)
{
	return dmirror_allocate_chunk(mdevice);
}

void dmirror_device_exit(struct dmirror_device *mdevice)
{
	dmirror_device_remove(mdevice);
}
