/* SPDX-License-Identifier: GPL-2.0 */
/* Compile-time checks: C11's _Static_assert. */
#ifndef _LINUX_BUILD_BUG_H
#define _LINUX_BUILD_BUG_H

#define BUILD_BUG_ON(cond) _Static_assert(!(cond), "BUILD_BUG_ON(" #cond ")")

#endif
