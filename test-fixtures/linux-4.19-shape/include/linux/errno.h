/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_ERRNO_H
#define _LINUX_ERRNO_H

#define EPERM		 1
#define ENOENT		 2
#define EINTR		 4
#define ENXIO		 6
#define EAGAIN		11
#define ENOMEM		12
#define EBUSY		16
#define EEXIST		17
#define EINVAL		22
#define ERANGE		34
#define ERESTARTNOINTR	513

#endif /* _LINUX_ERRNO_H */
