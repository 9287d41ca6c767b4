/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_PERCPU_REFCOUNT_H
#define _LINUX_PERCPU_REFCOUNT_H

#include <linux/compiler.h>
#include <linux/types.h>

struct percpu_ref;
typedef void (percpu_ref_func_t)(struct percpu_ref *);

struct percpu_ref {
	atomic_t count;
	unsigned long percpu_count_ptr;
	percpu_ref_func_t *release;
};

int __must_check percpu_ref_init(struct percpu_ref *ref,
				 percpu_ref_func_t *release, unsigned int flags,
				 gfp_t gfp);
void percpu_ref_exit(struct percpu_ref *ref);
void percpu_ref_kill(struct percpu_ref *ref);
void percpu_ref_get(struct percpu_ref *ref);
void percpu_ref_get_many(struct percpu_ref *ref, unsigned long nr);
void percpu_ref_put(struct percpu_ref *ref);
void percpu_ref_put_many(struct percpu_ref *ref, unsigned long nr);
bool percpu_ref_tryget_live(struct percpu_ref *ref);

#endif /* _LINUX_PERCPU_REFCOUNT_H */
