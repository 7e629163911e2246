/* SPDX-License-Identifier: GPL-2.0 */
/* PTP's event port (UDP 319): e1000e filters timestamped frames by it. */
#ifndef _LINUX_PTP_CLASSIFY_H
#define _LINUX_PTP_CLASSIFY_H

#define PTP_EV_PORT 319

#endif
