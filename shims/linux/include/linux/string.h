/* SPDX-License-Identifier: GPL-2.0 */
/* memcpy and friends come from the server library (servers/lib). */
#ifndef _LINUX_STRING_H
#define _LINUX_STRING_H

#include <linux/types.h>

#endif
