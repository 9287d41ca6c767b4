/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_KASAN_H
#define _LINUX_KASAN_H

#ifdef CONFIG_KASAN

/*
 * Map (or unmap) the shared zero shadow for a hot-added linear-map range.
 * Both build page tables on demand and therefore may sleep.
 */
int kasan_add_zero_shadow(void *start, unsigned long size);
void kasan_remove_zero_shadow(void *start, unsigned long size);

#else /* CONFIG_KASAN */

static inline int kasan_add_zero_shadow(void *start, unsigned long size)
{
	return 0;
}

static inline void kasan_remove_zero_shadow(void *start,
					    unsigned long size)
{
}

#endif /* CONFIG_KASAN */

#endif /* _LINUX_KASAN_H */
