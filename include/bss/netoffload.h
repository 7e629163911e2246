/*
 * Network offloads: what a device does for the stack (ethdev.offloads(),
 * passed on by ipv4.offloads()) and, per packet, what the device checked or
 * is asked to do (packet.meta()). See services/ethdev.svc, packet.svc,
 * ipv4.svc and docs/network.md.
 */
#ifndef BSS_NETOFFLOAD_H
#define BSS_NETOFFLOAD_H

#include <stdint.h>

/* ethdev.offloads(), ipv4.offloads() */
#define NETOFF_TX_CSUM 0x1u /* fills in TCP and UDP checksums over IPv4 */
#define NETOFF_TSO 0x2u	    /* segments TCP over IPv4 (TCP segmentation offload) */
#define NETOFF_RX_CSUM 0x4u /* says which received checksums it verified */
/* The largest IPv4 datagram the device segments (bits 16-31), bytes. */
#define NETOFF_TSO_MAX(off) ((uint32_t)(off) >> 16)
#define NETOFF_TSO_MAX_SET(n) ((uint32_t)(n) << 16)

/* packet.meta() */
#define PKT_CSUM_OK 0x1u /* received: IPv4 header and TCP/UDP checksum verified */
#define PKT_TX_CSUM                                                                                \
	0x2u /* to send: the device fills in the TCP/UDP checksum;                                 \
	      * its field holds the pseudo-header sum (RFC 1071) */
/*
 * To send: the packet is a TX buffer of the device (ipv4.tx_buffers()) and
 * its datagram starts ipv4.tx_room() bytes in: the IPv4 server writes the
 * link header into that room and hands the buffer itself to the device,
 * without a copy.
 */
#define PKT_TX_ROOM 0x4u
/* To send (bits 16-31): a TCP datagram to cut into segments of this payload size. */
#define PKT_MSS(meta) ((uint32_t)(meta) >> 16)
#define PKT_MSS_SET(mss) ((uint32_t)(mss) << 16)

#endif
