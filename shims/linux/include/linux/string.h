/* SPDX-License-Identifier: GPL-2.0 */
/* memcpy and friends come from the server library (serverlib/). */
#ifndef _LINUX_STRING_H
#define _LINUX_STRING_H

#include <linux/types.h>

#endif
