/* SPDX-License-Identifier: GPL-2.0 */
/* File control: old drivers include it for nothing a server uses. */
#ifndef _LINUX_FCNTL_H
#define _LINUX_FCNTL_H

#endif
