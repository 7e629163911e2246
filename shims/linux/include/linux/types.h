/* SPDX-License-Identifier: GPL-2.0 */
/* Linux's fixed-size types over C's. */
#ifndef _LINUX_TYPES_H
#define _LINUX_TYPES_H

#include <bss-linux.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef unsigned long long u64; /* as Linux (int-ll64.h): %llx prints it */
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef long long s64;
typedef u8 __u8;
typedef u16 __u16;
typedef u32 __u32;
typedef u64 __u64;
typedef s32 __s32;
typedef u16 __le16;
typedef u32 __le32;
typedef u64 __le64;
typedef u16 __be16;
typedef u32 __be32;
typedef u64 dma_addr_t;
typedef u64 phys_addr_t;
typedef u64 resource_size_t;
typedef unsigned int gfp_t;
typedef long ssize_t;
typedef unsigned long ulong;

typedef struct {
	int counter;
} atomic_t;

#endif
