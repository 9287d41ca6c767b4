/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_MUTEX_H
#define _LINUX_MUTEX_H

#include <linux/lockdep.h>
#include <linux/types.h>

struct mutex {
	atomic_t owner;
	struct lockdep_map dep_map;
};

#define DEFINE_MUTEX(mutexname) \
	struct mutex mutexname = { .dep_map = { .name = #mutexname } }

void mutex_lock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);
int mutex_trylock(struct mutex *lock);

#endif /* _LINUX_MUTEX_H */
