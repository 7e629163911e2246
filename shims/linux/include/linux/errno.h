/* SPDX-License-Identifier: GPL-2.0 */
/* POSIX error numbers, as Linux numbers them (x86). */
#ifndef _LINUX_ERRNO_H
#define _LINUX_ERRNO_H

#define EPERM		1
#define EIO		5
#define EAGAIN		11
#define ENOMEM		12
#define EBUSY		16
#define ENODEV		19
#define EINVAL		22
#define EOPNOTSUPP	95
#define EADDRNOTAVAIL	99

#endif
