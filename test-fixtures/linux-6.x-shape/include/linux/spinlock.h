/* SPDX-License-Identifier: GPL-2.0 */
/* Fixture header: spinlocks and the seqlock used for zone spans. */
#ifndef _LINUX_SPINLOCK_H
#define _LINUX_SPINLOCK_H

#include <linux/lockdep.h>
#include <linux/types.h>

typedef struct spinlock {
	unsigned int slock;
	struct lockdep_map dep_map;
} spinlock_t;

typedef struct {
	unsigned int sequence;
	spinlock_t lock;
} seqlock_t;

void spin_lock(spinlock_t *lock);
void spin_unlock(spinlock_t *lock);
unsigned long _raw_spin_lock_irqsave(spinlock_t *lock);
void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags);

/* Disables local interrupts and stores their previous state in @flags. */
#define spin_lock_irqsave(lock, flags)				\
	do {							\
		flags = _raw_spin_lock_irqsave(lock);		\
	} while (0)

void write_seqlock(seqlock_t *sl);
void write_sequnlock(seqlock_t *sl);
unsigned int read_seqbegin(const seqlock_t *sl);
unsigned int read_seqretry(const seqlock_t *sl, unsigned int start);

#endif /* _LINUX_SPINLOCK_H */
