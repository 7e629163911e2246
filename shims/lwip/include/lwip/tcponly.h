/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Only lwIP's TCP, over IPv4, without an operating system layer: the kit's
 * own servers do ARP, IPv4, ICMP and UDP, and nothing here runs a tcpip
 * thread, sockets or netconn. Shared by the TCP server's lwipopts.h and the
 * one lwIP's TCP unit tests build with, so both compile the same core.
 */
#ifndef LWIP_SHIM_TCPONLY_H
#define LWIP_SHIM_TCPONLY_H

#define NO_SYS 1
#define SYS_LIGHTWEIGHT_PROT 0
#define LWIP_NETCONN 0
#define LWIP_SOCKET 0

#define LWIP_IPV4 1
#define LWIP_IPV6 0
#define LWIP_ARP 0
#define LWIP_ETHERNET 0
#define LWIP_ICMP 0
#define LWIP_RAW 0
#define LWIP_UDP 0
#define LWIP_IGMP 0
#define LWIP_DHCP 0
#define LWIP_AUTOIP 0
#define LWIP_DNS 0
#define IP_REASSEMBLY 0
#define IP_FRAG 0
#define LWIP_TCP 1

#endif /* LWIP_SHIM_TCPONLY_H */
