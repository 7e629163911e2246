/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Module parameters: cocci/linux/module-boilerplate.cocci removes every
 * module_param*(); a parameter keeps its default (the variable's initializer).
 */
#ifndef _LINUX_MODULEPARAM_H
#define _LINUX_MODULEPARAM_H

#include <linux/module.h>

#endif
