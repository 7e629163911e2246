/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwIP's hooks in the TCP server (LWIP_HOOK_FILENAME, lwipopts.h): included
 * by lwIP's sources once its types are known.
 */
#ifndef LWIP_SHIM_TCP_HOOKS_H
#define LWIP_SHIM_TCP_HOOKS_H

#include "lwip/ip_addr.h"

/* RFC 6528 initial sequence numbers (ported/lwip-tcp/isn.c). */
u32_t lwip_tcp_isn(const ip_addr_t *local_ip, u16_t local_port, const ip_addr_t *remote_ip,
		   u16_t remote_port);

#endif
