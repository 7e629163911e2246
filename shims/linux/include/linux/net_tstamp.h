/* SPDX-License-Identifier: GPL-2.0 */
/* Hardware time stamping's configuration (SIOCSHWTSTAMP): uapi values. */
#ifndef _LINUX_NET_TSTAMP_H
#define _LINUX_NET_TSTAMP_H

struct hwtstamp_config {
	int flags;
	int tx_type;
	int rx_filter;
};

enum hwtstamp_tx_types {
	HWTSTAMP_TX_OFF,
	HWTSTAMP_TX_ON,
	HWTSTAMP_TX_ONESTEP_SYNC,
	HWTSTAMP_TX_ONESTEP_P2P,
};

enum hwtstamp_rx_filters {
	HWTSTAMP_FILTER_NONE,
	HWTSTAMP_FILTER_ALL,
	HWTSTAMP_FILTER_SOME,
	HWTSTAMP_FILTER_PTP_V1_L4_EVENT,
	HWTSTAMP_FILTER_PTP_V1_L4_SYNC,
	HWTSTAMP_FILTER_PTP_V1_L4_DELAY_REQ,
	HWTSTAMP_FILTER_PTP_V2_L4_EVENT,
	HWTSTAMP_FILTER_PTP_V2_L4_SYNC,
	HWTSTAMP_FILTER_PTP_V2_L4_DELAY_REQ,
	HWTSTAMP_FILTER_PTP_V2_L2_EVENT,
	HWTSTAMP_FILTER_PTP_V2_L2_SYNC,
	HWTSTAMP_FILTER_PTP_V2_L2_DELAY_REQ,
	HWTSTAMP_FILTER_PTP_V2_EVENT,
	HWTSTAMP_FILTER_PTP_V2_SYNC,
	HWTSTAMP_FILTER_PTP_V2_DELAY_REQ,
	HWTSTAMP_FILTER_NTP_ALL,
};

/* The configuration as drivers get it since Linux 6.6 (ndo_hwtstamp_get/set):
 * no request reaches them here (ethdev has no time stamp call). */
struct kernel_hwtstamp_config {
	int flags;
	int tx_type;
	int rx_filter;
};

#endif
