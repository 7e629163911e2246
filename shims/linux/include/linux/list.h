/* SPDX-License-Identifier: GPL-2.0 */
/* Lists: e1000 includes it for nothing a server uses. */
#ifndef _LINUX_LIST_H
#define _LINUX_LIST_H

#endif
