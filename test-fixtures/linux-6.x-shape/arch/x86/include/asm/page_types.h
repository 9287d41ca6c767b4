/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_X86_PAGE_DEFS_H
#define _ASM_X86_PAGE_DEFS_H

/* builds the direct (linear) mapping of [start, end) */
#include <linux/mm.h>

unsigned long init_memory_mapping(unsigned long start, unsigned long end,
				  pgprot_t prot);

#endif /* _ASM_X86_PAGE_DEFS_H */
