/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwIP's platform header for the TCP server: freestanding types, no libc.
 * Diagnostics go to the debug service; a failed lwIP assertion throws a BSS
 * error, which ends the current operation (and releases its temporaries)
 * instead of halting the machine.
 */
#ifndef LWIP_SHIM_ARCH_CC_H
#define LWIP_SHIM_ARCH_CC_H

#include <stddef.h>
#include <stdint.h>
#include <bss/server.h>

/* inttypes.h and ctype.h are libc's; lwIP gets the formats from here. */
#define LWIP_NO_INTTYPES_H 1
#define LWIP_NO_CTYPE_H 1
#define X8_F "02x"
#define U16_F "u"
#define S16_F "d"
#define X16_F "x"
#define U32_F "u"
#define S32_F "d"
#define X32_F "x"
#define SZT_F "zu"

#define LWIP_PLATFORM_DIAG(x)                                                                      \
	do {                                                                                       \
		bss_printf x;                                                                      \
	} while (0)
#define LWIP_PLATFORM_ASSERT(x) bss_throw(BSS_E_USER, EIO, "lwip-tcp: assertion failed: " x)

/*
 * x86_64 is little-endian. The byte swaps are the compiler's (one
 * instruction, inline), not lwIP's functions in def.c: a received segment
 * made about 20 calls to them (bench-net's BENCH_NET_PROFILE=icount).
 */
#define BYTE_ORDER LITTLE_ENDIAN
#define lwip_htons(x) ((u16_t)__builtin_bswap16((u16_t)(x)))
#define lwip_htonl(x) ((u32_t)__builtin_bswap32((u32_t)(x)))

#endif /* LWIP_SHIM_ARCH_CC_H */
