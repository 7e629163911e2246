/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A device's power-management callbacks: declared, never called (no BSS
 * service suspends a device; pm-ops.cocci removes the pointer to them).
 */
#ifndef _LINUX_PM_H
#define _LINUX_PM_H

struct device;

struct dev_pm_ops {
	int (*prepare)(struct device *dev);
	int (*suspend)(struct device *dev);
	int (*resume)(struct device *dev);
	int (*freeze)(struct device *dev);
	int (*thaw)(struct device *dev);
	int (*poweroff)(struct device *dev);
	int (*restore)(struct device *dev);
	int (*runtime_suspend)(struct device *dev);
	int (*runtime_resume)(struct device *dev);
	int (*runtime_idle)(struct device *dev);
};

#define SET_RUNTIME_PM_OPS(suspend_fn, resume_fn, idle_fn)                                         \
	.runtime_suspend = suspend_fn, .runtime_resume = resume_fn, .runtime_idle = idle_fn,
#define RUNTIME_PM_OPS(suspend_fn, resume_fn, idle_fn)                                             \
	SET_RUNTIME_PM_OPS(suspend_fn, resume_fn, idle_fn)

#endif
