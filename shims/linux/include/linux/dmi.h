/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The firmware's system identification (SMBIOS), as Linux has it without
 * CONFIG_DMI: no service here reads the firmware's tables, so a quirk list
 * matches no machine and its quirk stays off (e1000e 7.2's disable_k1_list,
 * checked only for Meteor Lake and later PCH parts).
 */
#ifndef _LINUX_DMI_H
#define _LINUX_DMI_H

#include <linux/types.h>

enum dmi_field {
	DMI_NONE,
	DMI_BIOS_VENDOR,
	DMI_BIOS_VERSION,
	DMI_BIOS_DATE,
	DMI_BIOS_RELEASE,
	DMI_EC_FIRMWARE_RELEASE,
	DMI_SYS_VENDOR,
	DMI_PRODUCT_NAME,
	DMI_PRODUCT_VERSION,
	DMI_PRODUCT_SERIAL,
	DMI_PRODUCT_UUID,
	DMI_PRODUCT_SKU,
	DMI_PRODUCT_FAMILY,
	DMI_BOARD_VENDOR,
	DMI_BOARD_NAME,
	DMI_BOARD_VERSION,
	DMI_BOARD_SERIAL,
	DMI_BOARD_ASSET_TAG,
	DMI_CHASSIS_VENDOR,
	DMI_CHASSIS_TYPE,
	DMI_CHASSIS_VERSION,
	DMI_CHASSIS_SERIAL,
	DMI_CHASSIS_ASSET_TAG,
	DMI_STRING_MAX,
};

struct dmi_strmatch {
	unsigned char slot : 7;
	unsigned char exact_match : 1;
	char substr[79];
};

struct dmi_system_id {
	int (*callback)(const struct dmi_system_id *);
	const char *ident;
	struct dmi_strmatch matches[4];
	void *driver_data;
};

#define DMI_MATCH(a, b)                                                                            \
	{                                                                                          \
		.slot = a, .substr = b                                                             \
	}
#define DMI_EXACT_MATCH(a, b)                                                                      \
	{                                                                                          \
		.slot = a, .substr = b, .exact_match = 1                                           \
	}

static inline int dmi_check_system(const struct dmi_system_id *list)
{
	(void)list;
	return 0;
}

#endif
