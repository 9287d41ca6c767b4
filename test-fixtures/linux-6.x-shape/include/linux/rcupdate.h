/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_RCUPDATE_H
#define _LINUX_RCUPDATE_H

void rcu_read_lock(void);
void rcu_read_unlock(void);
void synchronize_rcu(void);

#endif /* _LINUX_RCUPDATE_H */
