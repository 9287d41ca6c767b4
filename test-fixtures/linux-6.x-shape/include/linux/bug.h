/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_BUG_H
#define _LINUX_BUG_H

#include <linux/compiler.h>

void __warn_printk(const char *fmt, ...);

#define BUG()		do { __builtin_trap(); } while (0)
#define BUG_ON(cond)	do { if (unlikely(cond)) BUG(); } while (0)

/* The WARN family evaluates to the (boolean) condition, like the kernel's. */
#define WARN_ON(cond) ({					\
	int __ret_warn_on = !!(cond);				\
	if (unlikely(__ret_warn_on))				\
		__warn_printk("WARN_ON(%s)\n", #cond);		\
	unlikely(__ret_warn_on);				\
})

#define WARN(cond, fmt, ...) ({					\
	int __ret_warn_on = !!(cond);				\
	if (unlikely(__ret_warn_on))				\
		__warn_printk(fmt, ##__VA_ARGS__);				\
	unlikely(__ret_warn_on);				\
})

#define WARN_ON_ONCE(cond)		WARN_ON(cond)
#define WARN_ONCE(cond, fmt, ...)	WARN(cond, fmt, ##__VA_ARGS__)

#endif /* _LINUX_BUG_H */
