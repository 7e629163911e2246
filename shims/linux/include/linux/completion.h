/* SPDX-License-Identifier: GPL-2.0 */
/* Included by 8139too but unused: completions are not shimmed yet. */
#ifndef _LINUX_COMPLETION_H
#define _LINUX_COMPLETION_H
#endif
