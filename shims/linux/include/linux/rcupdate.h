/* SPDX-License-Identifier: GPL-2.0 */
/* RCU: see synchronize_rcu in linux/lib/stubs.c. */
#ifndef _LINUX_RCUPDATE_H
#define _LINUX_RCUPDATE_H

void synchronize_rcu(void);

#endif
