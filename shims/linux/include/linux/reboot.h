/* SPDX-License-Identifier: GPL-2.0 */
/* Reboot notifiers: e1000 includes it for nothing a server uses. */
#ifndef _LINUX_REBOOT_H
#define _LINUX_REBOOT_H

#endif
