/* SPDX-License-Identifier: GPL-2.0 */
/* Interface counters, in Linux's order (the ethdev stats() layout). */
#ifndef _UAPI_LINUX_IF_LINK_H
#define _UAPI_LINUX_IF_LINK_H

#include <linux/types.h>

struct rtnl_link_stats64 {
	u64 rx_packets, tx_packets, rx_bytes, tx_bytes;
	u64 rx_errors, tx_errors, rx_dropped, tx_dropped;
	u64 multicast, collisions;
	u64 rx_length_errors, rx_over_errors, rx_crc_errors, rx_frame_errors;
	u64 rx_fifo_errors, rx_missed_errors;
	u64 tx_aborted_errors, tx_carrier_errors, tx_fifo_errors;
	u64 tx_heartbeat_errors, tx_window_errors;
	u64 rx_compressed, tx_compressed, rx_nohandler;
};

#endif
