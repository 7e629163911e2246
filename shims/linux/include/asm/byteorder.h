/* SPDX-License-Identifier: GPL-2.0 */
/* x86 is little-endian: the le conversions are identities. */
#ifndef _ASM_BYTEORDER_H
#define _ASM_BYTEORDER_H

#include <linux/types.h>
#include <linux/swab.h>

#define cpu_to_le16(x) ((__le16)(u16)(x))
#define cpu_to_le32(x) ((__le32)(u32)(x))
#define cpu_to_le64(x) ((__le64)(u64)(x))
#define le16_to_cpu(x) ((u16)(__le16)(x))
#define le16_to_cpus(p) ((void)(p)) /* in place: x86 is little-endian */
#define cpu_to_be16s(p) (*(p) = cpu_to_be16(*(p)))
#define le32_to_cpu(x) ((u32)(__le32)(x))
#define le64_to_cpu(x) ((u64)(__le64)(x))
#define cpu_to_be16(x) ((__be16)__builtin_bswap16(x))
#define cpu_to_be32(x) ((__be32)__builtin_bswap32(x))
#define be16_to_cpu(x) __builtin_bswap16((u16)(x))
#define be32_to_cpu(x) __builtin_bswap32((u32)(x))
#define htons(x) cpu_to_be16(x)
#define ntohs(x) be16_to_cpu(x)

#endif
