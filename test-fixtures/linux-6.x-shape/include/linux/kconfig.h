/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __LINUX_KCONFIG_H
#define __LINUX_KCONFIG_H

/*
 * IS_ENABLED(CONFIG_FOO): 1 if CONFIG_FOO is defined as 1, otherwise 0,
 * as a C expression.  A defined option pastes into a token that expands
 * to an extra argument, shifting the 1 into the picked position.
 */
#define __kc_one_1			x, 1
#define __kc_pick(a, b, ...)		b
#define __kc_expand(...)		__kc_pick(__VA_ARGS__)
#define __kc_test(tok)			__kc_expand(tok, 0)
#define __kc_cat(v)			__kc_test(__kc_one_##v)

#define IS_ENABLED(option)		__kc_cat(option)

#endif /* __LINUX_KCONFIG_H */
