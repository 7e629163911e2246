/* SPDX-License-Identifier: GPL-2.0 */
/* Capabilities: e1000 includes it for nothing a server uses. */
#ifndef _LINUX_CAPABILITY_H
#define _LINUX_CAPABILITY_H

#endif
