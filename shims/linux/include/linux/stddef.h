/* SPDX-License-Identifier: GPL-2.0 */
/* Standard definitions: offsetof, NULL and bool are C's (types.h). */
#ifndef _LINUX_STDDEF_H
#define _LINUX_STDDEF_H

#include <linux/types.h>
#endif
