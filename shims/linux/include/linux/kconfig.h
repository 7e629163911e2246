/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IS_ENABLED(CONFIG_X): 1 when this configuration defines CONFIG_X as 1,
 * else 0, in C expressions as well as #if. No Kconfig runs here: the shims
 * define the few options they implement and leave every other one unset
 * (CONFIG_PREEMPT_RT among them: e1000e 7.2 then does not flush its
 * multicast table's posted writes every eighth one, as on a Linux without
 * it). A defined option expands to a comma, which shifts the 1 into the
 * place the 0 takes otherwise.
 */
#ifndef _LINUX_KCONFIG_H
#define _LINUX_KCONFIG_H

#define LINUX_KCONFIG_ON_1 ,
#define linux_kconfig_second(ignored, v, ...) v
#define linux_kconfig_pick(comma_or_name) linux_kconfig_second(comma_or_name 1, 0, 0)
#define linux_kconfig_paste(v) linux_kconfig_pick(LINUX_KCONFIG_ON_##v)
#define linux_kconfig_value(option) linux_kconfig_paste(option)

#define IS_BUILTIN(option) linux_kconfig_value(option)
#define IS_ENABLED(option) linux_kconfig_value(option)
#define IS_REACHABLE(option) linux_kconfig_value(option)

#endif
