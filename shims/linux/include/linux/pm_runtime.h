/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Runtime power management, as Linux has it without CONFIG_PM: the device
 * is always active, a resume succeeds at once (1: "was active"), nothing
 * is ever suspended. A server never powers its device down.
 */
#ifndef _LINUX_PM_RUNTIME_H
#define _LINUX_PM_RUNTIME_H

#include <linux/device.h>

#define DPM_FLAG_NO_DIRECT_COMPLETE BIT(0)
#define DPM_FLAG_SMART_PREPARE BIT(1)
#define DPM_FLAG_SMART_SUSPEND BIT(2)

static inline int pm_runtime_get_sync(struct device *dev)
{
	(void)dev;
	return 1;
}
static inline int pm_runtime_resume(struct device *dev)
{
	(void)dev;
	return 1;
}
static inline int pm_runtime_put(struct device *dev)
{
	(void)dev;
	return 0;
}
static inline int pm_runtime_put_sync(struct device *dev)
{
	(void)dev;
	return 0;
}
static inline int pm_runtime_put_noidle(struct device *dev)
{
	(void)dev;
	return 0;
}
static inline void pm_runtime_get_noresume(struct device *dev)
{
	(void)dev;
}
static inline bool pm_runtime_suspended(struct device *dev)
{
	(void)dev;
	return false;
}
static inline int pm_schedule_suspend(struct device *dev, unsigned int delay)
{
	(void)dev, (void)delay;
	return -ENOSYS;
}
static inline void dev_pm_set_driver_flags(struct device *dev, u32 flags)
{
	(void)dev, (void)flags;
}

#endif
