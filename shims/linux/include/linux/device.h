/* SPDX-License-Identifier: GPL-2.0 */
/* The driver core's device: a name and the driver's data pointer. */
#ifndef _LINUX_DEVICE_H
#define _LINUX_DEVICE_H

#include <linux/kernel.h>
#include <linux/pm.h>
#include <linux/module.h>

struct dev_pm_ops;

struct device_driver {
	const char *name;
	const struct dev_pm_ops *pm;
};

struct device {
	char name[24];
	struct device *parent;
	void *driver_data;
	bool wakeup;
};

/* May the device wake the system? Recorded; a server never suspends it. */
static inline void device_set_wakeup_enable(struct device *dev, bool enable)
{
	dev->wakeup = enable;
}
static inline bool device_may_wakeup(struct device *dev)
{
	return dev->wakeup;
}
static inline int device_wakeup_enable(struct device *dev)
{
	dev->wakeup = true;
	return 0;
}
static inline const char *dev_name(const struct device *dev)
{
	return dev->name;
}
static inline void *dev_get_drvdata(const struct device *dev)
{
	return dev->driver_data;
}
static inline void dev_set_drvdata(struct device *dev, void *data)
{
	dev->driver_data = data;
}

#define dev_printk(level, dev, fmt, ...) printk(level "%s: " fmt, dev_name(dev), ##__VA_ARGS__)
#define dev_err(dev, fmt, ...) dev_printk(KERN_ERR, dev, fmt, ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...) dev_printk(KERN_WARNING, dev, fmt, ##__VA_ARGS__)
#define dev_notice(dev, fmt, ...) dev_printk(KERN_NOTICE, dev, fmt, ##__VA_ARGS__)
#define dev_info(dev, fmt, ...) dev_printk(KERN_INFO, dev, fmt, ##__VA_ARGS__)
#ifdef DEBUG
#define dev_dbg(dev, fmt, ...) dev_printk(KERN_DEBUG, dev, fmt, ##__VA_ARGS__)
#else
#define dev_dbg(dev, fmt, ...)                                                                     \
	({                                                                                         \
		if (0)                                                                             \
			dev_printk(KERN_DEBUG, dev, fmt, ##__VA_ARGS__);                           \
	})
#endif

#endif
