/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_SCHED_H
#define _LINUX_SCHED_H

struct task_struct;
extern struct task_struct *current;

/* May reschedule: only legal where sleeping is. */
int _cond_resched(void);
#define cond_resched()	_cond_resched()

int signal_pending(struct task_struct *p);
void msleep(unsigned int msecs);
long restart_syscall(void);

#endif /* _LINUX_SCHED_H */
