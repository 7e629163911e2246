/* SPDX-License-Identifier: GPL-2.0 */
/* The page cache: e1000 includes it for nothing a server uses. */
#ifndef _LINUX_PAGEMAP_H
#define _LINUX_PAGEMAP_H

#endif
