/* SPDX-License-Identifier: GPL-2.0 */
/* Bit fields of a register by mask: shift by the mask's lowest set bit. */
#ifndef _LINUX_BITFIELD_H
#define _LINUX_BITFIELD_H

#include <linux/kernel.h>

#define FIELD_GET(mask, reg) (((reg) & (mask)) >> __builtin_ctzll(mask))
#define FIELD_PREP(mask, val) (((typeof(mask))(val) << __builtin_ctzll(mask)) & (mask))

#endif
