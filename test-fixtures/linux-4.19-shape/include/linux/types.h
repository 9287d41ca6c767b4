/* SPDX-License-Identifier: GPL-2.0 */
/* Fixture header: the handful of basic kernel types the hotplug code uses. */
#ifndef _LINUX_TYPES_H
#define _LINUX_TYPES_H

#define NULL ((void *)0)

typedef _Bool			bool;
enum {
	false	= 0,
	true	= 1
};

typedef unsigned char		u8;
typedef unsigned short		u16;
typedef unsigned int		u32;
typedef unsigned long long	u64;
typedef long long		s64;
typedef unsigned long		size_t;
typedef long			ssize_t;
typedef unsigned int		gfp_t;
typedef u64			phys_addr_t;
typedef phys_addr_t		resource_size_t;

typedef struct {
	int counter;
} atomic_t;

struct list_head {
	struct list_head *next, *prev;
};

#endif /* _LINUX_TYPES_H */
