/* SPDX-License-Identifier: GPL-2.0 */
/* Files: old drivers include it for nothing a server uses. */
#ifndef _LINUX_FS_H
#define _LINUX_FS_H

#endif
