/* SPDX-License-Identifier: GPL-2.0 */
/* Memory management: pages are skbuff.h's (alloc_page, put_page). */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/skbuff.h>
#endif
