# The portable core, the hosted runtime, the server library and the tools
# around server files.

CORE_SRCS := \
	kernel/core/mem.c \
	kernel/core/ref.c \
	kernel/core/server.c \
	kernel/core/lock.c \
	kernel/core/call.c \
	kernel/core/thread.c \
	kernel/core/error.c \
	kernel/core/crash.c \
	kernel/core/inject.c \
	kernel/core/sig.c \
	kernel/core/sys.c \
	kernel/core/loader_check.c \
	kernel/core/loader.c \
	kernel/core/stub.c \
	kernel/core/space.c \
	common/fmt.c
CORE_ASM := \
	kernel/arch/x86_64/ctx.S \
	kernel/arch/x86_64/try.S \
	kernel/arch/x86_64/callpath.S
# The kernel servers, shared by both runtimes (kernel/ksrv/ksrv.h).
KSRV_SRCS := $(addprefix kernel/ksrv/, \
	ksrv.c debug.c thread.c memory.c loader.c query.c timer.c \
	ioport.c mmio.c irq.c dma.c files.c log.c sysinfo.c dispatch.c kill.c)
HOSTED_SRCS := \
	kernel/hosted/main.c \
	kernel/hosted/os.c \
	kernel/hosted/ksrv_os.c \
	kernel/hosted/files.c \
	$(KSRV_SRCS)

# Recursive (=) so that later mk/*.mk fragments can add sources with +=.
# kernel/hosted/space.c: hosted programs have no isolated servers (core/space.h).
HOST_CORE_OBJS = $(patsubst %.c,$(BUILD)/host/%.o,$(CORE_SRCS) kernel/hosted/space.c) \
	$(patsubst %.S,$(BUILD)/host/%.o,$(CORE_ASM)) \
	$(BUILD)/host/gen/svc_registry.o
HOSTED_OBJS = $(patsubst %.c,$(BUILD)/host/%.o,$(HOSTED_SRCS))

# The core compiles as it does in the kernel and in servers, without vector
# registers: GCC would otherwise merge neighbouring stores to a reference
# table into one vector store, which the next system call's load of one of
# them cannot take by store forwarding (several cycles per keep or release).
$(BUILD)/host/kernel/core/%.o: HOST_CFLAGS += -mgeneral-regs-only

$(BUILD)/host/%.o: %.c | $(SVC_STAMP)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -c -o $@ $<

$(BUILD)/host/%.o: %.S
	@mkdir -p $(@D)
	$(CC) -c -o $@ $<

$(BUILD)/host/gen/svc_registry.o: $(SVC_REGISTRY)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -c -o $@ $(BUILD)/gen/svc_registry.c

# Prerequisites are expanded when the rule is read: the link goes through a
# secondary expansion so that sources added by later fragments are linked too.
.SECONDEXPANSION:
$(BUILD)/bin/bss-host: $$(HOSTED_OBJS) $$(HOST_CORE_OBJS)
	@mkdir -p $(@D)
	$(CC) -o $@ $^

$(BUILD)/bin/bss-inspect: $(BUILD)/host/tools/inspect/bss-inspect.o $(HOST_CORE_OBJS)
	@mkdir -p $(@D)
	$(CC) -o $@ $^

ALL_TARGETS += $(BUILD)/bin/bss-host $(BUILD)/bin/bss-inspect

# The same runtimes for the tests: they also know the test services.
TEST_HOST_CORE_OBJS = $(filter-out $(BUILD)/host/gen/svc_registry.o,$(HOST_CORE_OBJS)) \
	$(BUILD)/tests/host/svc_registry.o

$(BUILD)/tests/host/svc_registry.o: $(TEST_SVC_REGISTRY)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -c -o $@ $(TEST_SVC_REGISTRY)

$(BUILD)/tests/bin/bss-host: $$(HOSTED_OBJS) $$(TEST_HOST_CORE_OBJS)
	@mkdir -p $(@D)
	$(CC) -o $@ $^

$(BUILD)/tests/bin/bss-inspect: $(BUILD)/host/tools/inspect/bss-inspect.o $$(TEST_HOST_CORE_OBJS)
	@mkdir -p $(@D)
	$(CC) -o $@ $^

ALL_TARGETS += $(BUILD)/tests/bin/bss-host $(BUILD)/tests/bin/bss-inspect

# ---- servers ----

SERVER_LIB_SRCS := serverlib/printf.c common/fmt.c common/mem.c common/string.c common/date.c
# common/mem.c is memcpy itself: no loops turned into calls to it.
$(BUILD)/srv/common/mem.o: SERVER_CFLAGS += -fno-tree-loop-distribute-patterns

$(BUILD)/srv/%.o: %.c | $(SVC_STAMP)
	@mkdir -p $(@D)
	$(CC) $(SERVER_CFLAGS) -c -o $@ $<

$(BUILD)/lib/libbss-server.a: $(patsubst %.c,$(BUILD)/srv/%.o,$(SERVER_LIB_SRCS))
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

# $(eval $(call bss_server,NAME,SOURCES)): build/servers/NAME.srv from SOURCES.
define bss_server
$(BUILD)/servers/$(1).srv: $(patsubst %.c,$(BUILD)/srv/%.o,$(2)) $(BUILD)/lib/libbss-server.a \
		tools/mkserver $(BUILD)/bin/bss-inspect
	@mkdir -p $$(@D)
	BUILD=$(BUILD) tools/mkserver $$@ $(patsubst %.c,$(BUILD)/srv/%.o,$(2))
ALL_SERVERS += $(BUILD)/servers/$(1).srv
endef

# A test server (sources in tests/): it may use the test services, so it
# compiles with their headers and is checked by the test build's inspector.
$(BUILD)/srv/tests/%.o: tests/%.c | $(SVC_STAMP) $(TEST_SVC_STAMP)
	@mkdir -p $(@D)
	$(CC) $(SERVER_CFLAGS) -I$(BUILD)/tests/include -c -o $@ $<

define bss_test_server
$(BUILD)/servers/$(1).srv: $(patsubst %.c,$(BUILD)/srv/%.o,$(2)) $(BUILD)/lib/libbss-server.a \
		tools/mkserver $(BUILD)/tests/bin/bss-inspect
	@mkdir -p $$(@D)
	BUILD=$(BUILD) INSPECT=$(BUILD)/tests/bin/bss-inspect tools/mkserver $$@ \
		$(patsubst %.c,$(BUILD)/srv/%.o,$(2))
ALL_SERVERS += $(BUILD)/servers/$(1).srv
endef

# Header dependencies of the objects built by the rules above (generated
# sources elsewhere in the build tree keep their own).
-include $(shell find $(BUILD)/host $(BUILD)/srv $(BUILD)/tests/host -name '*.d' 2>/dev/null)

# ---- test servers of the core ----
$(eval $(call bss_test_server,probe,tests/core/srv/probe.c))
$(eval $(call bss_test_server,aio,tests/core/srv/aio.c))
$(eval $(call bss_test_server,counter,tests/core/srv/counter.c))
$(eval $(call bss_test_server,victim,tests/core/srv/victim.c))
$(eval $(call bss_test_server,victim_serial,tests/core/srv/victim_serial.c))
$(eval $(call bss_test_server,victim_safe,tests/core/srv/victim_safe.c))
$(eval $(call bss_test_server,victim_nocb,tests/core/srv/victim_nocb.c))
$(eval $(call bss_test_server,leaf,tests/core/srv/leaf.c))
$(eval $(call bss_test_server,t_core,tests/core/srv/t_core.c tests/core/srv/t_core_refs.c))
