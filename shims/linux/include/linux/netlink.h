/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Netlink's extended acknowledgement: the message a driver leaves for the
 * tool whose request it refused. No netlink client exists here; a driver
 * that reads the message back (e1000e 7.2's time stamp reset logs it) finds
 * it, as on Linux.
 */
#ifndef _LINUX_NETLINK_H
#define _LINUX_NETLINK_H

#include <linux/types.h>

struct netlink_ext_ack {
	const char *_msg;
	const char *bad_attr;
	u32 cookie_len;
};

#define NL_SET_ERR_MSG(extack, msg)                                                                \
	do {                                                                                       \
		struct netlink_ext_ack *_ea = (extack);                                            \
		if (_ea)                                                                           \
			_ea->_msg = (msg);                                                         \
	} while (0)
#define NL_SET_ERR_MSG_MOD(extack, msg) NL_SET_ERR_MSG(extack, KBUILD_MODNAME ": " msg)

#endif
