/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CPU latency requests, as Linux has them without CONFIG_CPU_IDLE: a
 * request changes nothing (there is no idle governor to constrain).
 */
#ifndef _LINUX_PM_QOS_H
#define _LINUX_PM_QOS_H

#define PM_QOS_DEFAULT_VALUE (-1)

struct pm_qos_request {
	int value;
};

static inline void cpu_latency_qos_add_request(struct pm_qos_request *req, s32 value)
{
	req->value = value;
}
static inline void cpu_latency_qos_update_request(struct pm_qos_request *req, s32 value)
{
	req->value = value;
}
static inline void cpu_latency_qos_remove_request(struct pm_qos_request *req)
{
	req->value = PM_QOS_DEFAULT_VALUE;
}

#endif
