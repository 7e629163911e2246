/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Module parameters: cocci/linux/module-boilerplate.cocci removes every
 * module_param*(); a parameter keeps its default (the variable's initializer).
 */
#ifndef _LINUX_MODULEPARAM_H
#define _LINUX_MODULEPARAM_H

#include <linux/module.h>

/*
 * Parameters declared inside a driver's own macro (e1000_param.c's
 * E1000_PARAM), where no rule reaches: the same meaning, the default.
 */
#define module_param_array_named(name, array, type, nump, perm)
#define MODULE_PARM_DESC(name, desc)

#endif
