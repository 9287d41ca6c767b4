/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_LOCKDEP_H
#define _LINUX_LOCKDEP_H

#include <linux/bug.h>

struct lockdep_map {
	const char *name;
};

extern int debug_locks;
int lock_is_held(const struct lockdep_map *lock);

#define lockdep_is_held(lock)		lock_is_held(&(lock)->dep_map)

/* Complain (once lockdep is on) unless the caller holds @l. */
#define lockdep_assert_held(l)	do {				\
		WARN_ON(debug_locks && !lockdep_is_held(l));	\
	} while (0)

#endif /* _LINUX_LOCKDEP_H */
