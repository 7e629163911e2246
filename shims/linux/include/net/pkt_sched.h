/* SPDX-License-Identifier: GPL-2.0 */
/* Packet scheduling: e1000 includes it for nothing a server uses. */
#ifndef _NET_PKT_SCHED_H
#define _NET_PKT_SCHED_H

#endif
