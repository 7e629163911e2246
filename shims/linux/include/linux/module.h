/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Modules: cocci/linux/module-boilerplate.cocci removes MODULE_*() and
 * module parameters, pci-driver.cocci turns module_init into the server's
 * constructor. What is left for the shim is the name.
 */
#ifndef _LINUX_MODULE_H
#define _LINUX_MODULE_H

#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/moduleparam.h>

#ifndef KBUILD_MODNAME
#define KBUILD_MODNAME "linux"
#endif
#define THIS_MODULE ((void *)0)

/* A server links its library (8390.c) in: an export is only a declaration. */
#define EXPORT_SYMBOL(sym) extern typeof(sym) sym
#define EXPORT_SYMBOL_GPL(sym) extern typeof(sym) sym

/* A module parameter's default in a message (e1000_param.c). */
#define __MODULE_STRING(x) __stringify(x)

#endif
