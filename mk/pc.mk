# Host unit tests of the PC hardware servers' pure parts (tests/pc/units.c):
# the calendar (common/date.c) and the scan code decoding (servers/pc/keymap.c).
# The servers themselves are in mk/drivers.mk.

PC_UNITS := $(BUILD)/tests/pc-units
PC_UNITS_SRCS := tests/pc/units.c common/date.c common/fmt.c servers/pc/keymap.c

$(PC_UNITS): $(PC_UNITS_SRCS) common/date.h common/fmt.h servers/pc/keymap.h tests/harness/tcheck.h
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE -I. -o $@ $(PC_UNITS_SRCS)

ALL_TARGETS += $(PC_UNITS)
