/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_CPU_H
#define _LINUX_CPU_H

/* cpu_hotplug_lock, a percpu rw-semaphore taken for read here. */
void cpus_read_lock(void);
void cpus_read_unlock(void);

#endif /* _LINUX_CPU_H */
