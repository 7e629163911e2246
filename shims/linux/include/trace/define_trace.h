/* SPDX-License-Identifier: GPL-2.0 */
/* Creates a module's trace events with CONFIG_TRACEPOINTS: nothing without (linux/tracepoint.h). */
