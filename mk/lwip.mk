# lwIP's TCP core (issue 6): ported by the kit like every component
# (ported/lwip-tcp/manifest, make port / port-lwip-tcp, mk/port.mk); this
# file holds only what is lwIP's alone:
#
#   make lwip-unit         lwIP's own TCP unit tests against the ported sources
#   make lwip-link-check   the server file imports nothing but BSS calls
#
# Neither is part of "all": they need make upstream's tree.

LWIP_VER := 2.1.3
LWIP_TREE := upstream/src/lwip-$(LWIP_VER)
LWIP_PORTED := $(BUILD)/ported/lwip-tcp/lwip-$(LWIP_VER)
LWIP_STAMP := $(BUILD)/ported/lwip-tcp/port.stamp
LWIP_SRCS := tcp.c tcp_in.c tcp_out.c

.PHONY: lwip-unit lwip-link-check

# ---- lwIP's TCP unit tests (Check) against the ported sources ----
# Upstream code is compiled as upstream wrote it: no -Werror, its own warnings.
LWIP_UNIT := $(BUILD)/lwip/lwip-unit
LWIP_UNIT_CFLAGS := -std=gnu99 -O1 -g -MMD -MP
LWIP_UNIT_CFLAGS += -Itests/lwip/include -Ishims/lwip/include
LWIP_UNIT_CFLAGS += -I$(LWIP_TREE)/src/include -I$(LWIP_TREE)/test/unit
LWIP_UNIT_CFLAGS += $(shell pkg-config --cflags check 2>/dev/null)
LWIP_UNIT_LIBS := $(shell pkg-config --libs check 2>/dev/null || echo -lcheck)

# What the tests poke at besides TCP: lwIP's own buffers, pools, netif, IPv4.
LWIP_UNIT_SUPPORT := core/def.c core/mem.c core/memp.c core/pbuf.c core/netif.c
LWIP_UNIT_SUPPORT += core/ip.c core/ipv4/ip4.c core/ipv4/ip4_addr.c
LWIP_UNIT_SUPPORT += core/inet_chksum.c core/stats.c core/init.c core/timeouts.c
LWIP_UNIT_TESTS := tcp/tcp_helper.c tcp/test_tcp.c tcp/test_tcp_oos.c

LWIP_UNIT_OBJS := $(patsubst %.c,$(BUILD)/lwip/unit/ported/%.o,$(LWIP_SRCS))
LWIP_UNIT_OBJS += $(patsubst %.c,$(BUILD)/lwip/unit/src/%.o,$(LWIP_UNIT_SUPPORT))
LWIP_UNIT_OBJS += $(patsubst %.c,$(BUILD)/lwip/unit/test/%.o,$(LWIP_UNIT_TESTS))
LWIP_UNIT_OBJS += $(BUILD)/lwip/unit/harness.o

# Static pattern rules: make must not use them to remake the .d files.
$(patsubst %.c,$(BUILD)/lwip/unit/ported/%.o,$(LWIP_SRCS)): $(BUILD)/lwip/unit/ported/%.o: $(LWIP_STAMP)
	@mkdir -p $(@D)
	$(CC) $(LWIP_UNIT_CFLAGS) -c -o $@ $(LWIP_PORTED)/$*.c

$(BUILD)/lwip/unit/src/%.o: $(LWIP_TREE)/src/%.c
	@mkdir -p $(@D)
	$(CC) $(LWIP_UNIT_CFLAGS) -c -o $@ $<

$(BUILD)/lwip/unit/test/%.o: $(LWIP_TREE)/test/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(LWIP_UNIT_CFLAGS) -c -o $@ $<

$(BUILD)/lwip/unit/harness.o: tests/lwip/harness.c
	@mkdir -p $(@D)
	$(CC) $(LWIP_UNIT_CFLAGS) -Wall -Wextra -Werror -c -o $@ $<

$(LWIP_UNIT): $(LWIP_UNIT_OBJS)
	$(CC) -o $@ $^ $(LWIP_UNIT_LIBS)

lwip-unit: $(LWIP_UNIT)
	bash tests/lwip/lwip-unit.test

# ---- the server file: glue + ported TCP + lwIP support (tools/port's rules) ----
# mkserver already refuses a file that imports anything else; this says so.
lwip-link-check: $(BUILD)/servers/lwip-tcp.srv
	@left=$$(nm -u $< | awk '{print $$2}' | grep -v -e '^__bss_' -e '^_GLOBAL_OFFSET_TABLE_$$' || true); \
	if [ -n "$$left" ]; then echo "lwip-link-check: undefined:" $$left >&2; exit 1; fi; \
	echo "lwip-link-check: only BSS service and system calls are left undefined"

# Header dependencies (-MMD): a changed shim or glue header rebuilds what uses it.
-include $(shell find $(BUILD)/lwip -name '*.d' 2>/dev/null)
