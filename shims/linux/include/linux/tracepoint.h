/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoints, as Linux has them without CONFIG_TRACEPOINTS: a trace
 * event's trace_NAME() is an empty function (nothing here records traces).
 */
#ifndef _LINUX_TRACEPOINT_H
#define _LINUX_TRACEPOINT_H

#define TP_PROTO(args...) args
#define TP_ARGS(args...) args
#define TRACE_EVENT(name, proto, args, tstruct, assign, print)                                     \
	static inline void trace_##name(proto)                                                     \
	{                                                                                          \
	}

#endif
