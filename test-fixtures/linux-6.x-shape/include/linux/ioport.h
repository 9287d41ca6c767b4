/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_IOPORT_H
#define _LINUX_IOPORT_H

#include <linux/types.h>

struct device;

struct resource {
	resource_size_t start;
	resource_size_t end;
	const char *name;
	unsigned long flags;
	unsigned long desc;
	struct resource *parent, *sibling, *child;
};

#define IORESOURCE_MEM		0x00000200
#define IORESOURCE_SYSRAM	0x01000000
#define IORESOURCE_BUSY		0x80000000
#define IORESOURCE_SYSTEM_RAM	(IORESOURCE_MEM | IORESOURCE_SYSRAM)

enum {
	IORES_DESC_NONE				= 0,
	IORES_DESC_CRASH_KERNEL			= 1,
	IORES_DESC_ACPI_TABLES			= 2,
	IORES_DESC_ACPI_NV_STORAGE		= 3,
	IORES_DESC_PERSISTENT_MEMORY		= 4,
	IORES_DESC_PERSISTENT_MEMORY_LEGACY	= 5,
	IORES_DESC_DEVICE_PRIVATE_MEMORY	= 6,
	IORES_DESC_RESERVED			= 7,
	IORES_DESC_SOFT_RESERVED		= 8,
};

/* What region_intersects() reports about a physical range. */
enum {
	REGION_DISJOINT = 0,
	REGION_INTERSECTS,
	REGION_MIXED,
};

extern struct resource iomem_resource;

static inline resource_size_t resource_size(const struct resource *res)
{
	return res->end - res->start + 1;
}

int region_intersects(resource_size_t offset, size_t size, unsigned long flags,
		      unsigned long desc);
void release_mem_region_adjustable(resource_size_t start,
				   resource_size_t size);
struct resource *devm_request_mem_region(struct device *dev,
					 resource_size_t start,
					 resource_size_t n, const char *name);
void devm_release_mem_region(struct device *dev, resource_size_t start,
			     resource_size_t n);

#endif /* _LINUX_IOPORT_H */
