# lwIP's TCP core as a BSS server (issue 6): see docs/porting/lwip.md.
#
#   make port-lwip         rules (cocci/lwip) over upstream lwIP -> $(LWIP_PORTED)
#   make port-lwip-record  the same, then record the outputs in
#                          ported/lwip-tcp/generated.sha256 (docs/upstream.md)
#   make lwip-unit         lwIP's own TCP unit tests against the ported sources
#   make diff-lwip         ported vs upstream, as a unified diff
#   make reuse-lwip        unmodified / modified / new / dropped lines
#
# None of these is part of "all": they need make upstream's tree. make port
# runs port-lwip too (a prerequisite added here, whatever port's recipe is).

LWIP_VER := 2.1.3
LWIP_TREE := upstream/src/lwip-$(LWIP_VER)
LWIP_OUT := $(BUILD)/ported/lwip-tcp
LWIP_PORTED := $(LWIP_OUT)/lwip-$(LWIP_VER)
LWIP_STAMP := $(LWIP_OUT)/port.stamp
LWIP_SRCS := tcp.c tcp_in.c tcp_out.c

LWIP_PORT_DEPS := tools/lwip-port ported/lwip-tcp/manifest
LWIP_PORT_DEPS += tools/gensums.py ported/lwip-tcp/generated.sha256
LWIP_PORT_DEPS += $(wildcard cocci/lwip/*.cocci) cocci/lwip/macros.h
LWIP_PORT_DEPS += $(shell find shims/lwip -name '*.h' 2>/dev/null)
LWIP_PORT_DEPS += $(addprefix $(LWIP_TREE)/src/core/,$(LWIP_SRCS))

.PHONY: port-lwip port-lwip-record lwip-unit diff-lwip reuse-lwip
port: port-lwip

port-lwip: $(LWIP_STAMP)

$(LWIP_STAMP): $(LWIP_PORT_DEPS) | $(SVC_STAMP)
	tools/lwip-port
	@touch $@

port-lwip-record: | $(SVC_STAMP)
	tools/lwip-port --record
	@touch $(LWIP_STAMP)

diff-lwip: $(LWIP_STAMP)
	tools/lwip-diff

reuse-lwip: $(LWIP_STAMP)
	tools/lwip-reuse

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
	tests/lwip/lwip-unit.test

# ---- the server side: glue + ported TCP + lwIP support, freestanding ----
# lwip-link-check links the parts (ld -r) and checks that nothing but BSS
# calls is left undefined: every lwIP symbol the TCP core needs is ported,
# support or glue. The glue is every manifest "glue" file: the .c ones are
# compiled (build/lwip/srv/glue/PATH.o), the others are their headers.
LWIP_SRV_OWN_CFLAGS := $(filter-out -std=c11,$(SERVER_CFLAGS)) -std=gnu11
LWIP_SRV_OWN_CFLAGS += -Ishims/lwip/server -Ishims/lwip/include -I$(LWIP_TREE)/src/include
LWIP_SRV_UP_CFLAGS := $(filter-out -std=c11 -Wextra -Werror,$(SERVER_CFLAGS)) -std=gnu99
LWIP_SRV_UP_CFLAGS += -fno-strict-aliasing -Werror=implicit-function-declaration
LWIP_SRV_UP_CFLAGS += -Ishims/lwip/server -Ishims/lwip/include -I$(LWIP_TREE)/src/include
LWIP_SRV_SUPPORT := $(shell sed -n 's/^support //p' ported/lwip-tcp/manifest)
LWIP_GLUE := $(shell sed -n 's/^glue //p' ported/lwip-tcp/manifest)

LWIP_SRV_OBJS := $(patsubst %.c,$(BUILD)/lwip/srv/glue/%.o,$(filter %.c,$(LWIP_GLUE)))
LWIP_SRV_OBJS += $(patsubst %.c,$(BUILD)/lwip/srv/ported/%.o,$(LWIP_SRCS))
LWIP_SRV_OBJS += $(patsubst src/%.c,$(BUILD)/lwip/srv/src/%.o,$(LWIP_SRV_SUPPORT))

$(BUILD)/lwip/srv/glue/%.o: %.c $(filter-out %.c,$(LWIP_GLUE)) | $(SVC_STAMP)
	@mkdir -p $(@D)
	$(CC) $(LWIP_SRV_OWN_CFLAGS) -c -o $@ $<

$(patsubst %.c,$(BUILD)/lwip/srv/ported/%.o,$(LWIP_SRCS)): $(BUILD)/lwip/srv/ported/%.o: $(LWIP_STAMP)
	@mkdir -p $(@D)
	$(CC) $(LWIP_SRV_UP_CFLAGS) -c -o $@ $(LWIP_PORTED)/$*.c

$(BUILD)/lwip/srv/src/%.o: $(LWIP_TREE)/src/%.c | $(SVC_STAMP)
	@mkdir -p $(@D)
	$(CC) $(LWIP_SRV_UP_CFLAGS) -c -o $@ $<

$(BUILD)/lwip/srv/lwip-tcp.o: $(LWIP_SRV_OBJS) $(BUILD)/lib/libbss-server.a
	$(LD) -r -o $@ $(LWIP_SRV_OBJS) $(BUILD)/lib/libbss-server.a

.PHONY: lwip-link-check
lwip-link-check: $(BUILD)/lwip/srv/lwip-tcp.o
	@left=$$(nm -u $< | awk '{print $$2}' | grep -v -e '^__bss_' -e '^_GLOBAL_OFFSET_TABLE_$$' || true); \
	if [ -n "$$left" ]; then echo "lwip-link-check: undefined:" $$left >&2; exit 1; fi; \
	echo "lwip-link-check: only BSS service and system calls are left undefined"

# make diff / make reuse (mk/port.mk) cover lwip-tcp too.
diff: diff-lwip
reuse: reuse-lwip

# Header dependencies (-MMD): a changed shim or glue header rebuilds what uses it.
-include $(shell find $(BUILD)/lwip -name '*.d' 2>/dev/null)
