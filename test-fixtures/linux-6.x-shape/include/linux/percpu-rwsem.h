/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_PERCPU_RWSEM_H
#define _LINUX_PERCPU_RWSEM_H

#include <linux/lockdep.h>
#include <linux/types.h>

/* A reader-biased sleeping rw-semaphore; writers are expensive and rare. */
struct percpu_rw_semaphore {
	unsigned int *read_count;
	atomic_t writer_waiting;
	struct lockdep_map dep_map;
};

#define DEFINE_STATIC_PERCPU_RWSEM(semname)				\
	static struct percpu_rw_semaphore semname = {			\
		.dep_map = { .name = #semname },				\
	}

void percpu_down_read(struct percpu_rw_semaphore *sem);
void percpu_up_read(struct percpu_rw_semaphore *sem);
void percpu_down_write(struct percpu_rw_semaphore *sem);
void percpu_up_write(struct percpu_rw_semaphore *sem);

#endif /* _LINUX_PERCPU_RWSEM_H */
