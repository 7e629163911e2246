# The porting pipeline (issue 5): make port / port-record / diff / reuse.
# Not part of "all": the upstream sources come from make upstream.
#
#   make port                      every upstream version of every component
#   make port UPSTREAM=FILE [PORT_NAME=NAME]   any copy of 8139too.c
#
# tools/port applies the rules and checks the shims; this file compiles
# the result, the glue and the shim library into build/servers/*.srv.

.PHONY: port port-servers port-record diff reuse

PORT_COMPONENT := rtl8139
PORT_MANIFEST := ported/rtl8139/port.manifest
PORT_VERSIONS := 6.1 6.12
PORT_NAME ?= custom
PORT_OUT := $(BUILD)/ported/$(PORT_COMPONENT)
PORT_OBJ := $(BUILD)/port-obj
PORT_SHIMLIB := $(shell sed -n 's/^shimlib //p' $(PORT_MANIFEST))

# Our code (glue, shim library): the project's warnings, GNU C for typeof.
PORT_OWN_CFLAGS := $(filter-out -std=c11,$(SERVER_CFLAGS)) -std=gnu11 -Ishims/linux/include
# Linux's code: the flags Linux builds it with, warnings Linux does not enable off.
PORT_LINUX_CFLAGS := $(filter-out -std=c11 -Wextra,$(SERVER_CFLAGS)) -std=gnu11 \
	-fno-strict-aliasing -Ishims/linux/include -DKBUILD_MODNAME='"8139too"' \
	-Wno-pointer-sign -Wno-unused-variable -Wno-unused-function \
	-Werror=implicit-function-declaration

$(PORT_OBJ)/shim/%.o: shims/linux/lib/%.c | $(SVC_STAMP)
	@mkdir -p $(@D)
	$(CC) $(PORT_OWN_CFLAGS) -c -o $@ $<

$(PORT_OBJ)/$(PORT_COMPONENT)/%/8139too.o: $(PORT_OUT)/%/8139too.c | $(SVC_STAMP)
	@mkdir -p $(@D)
	$(CC) $(PORT_LINUX_CFLAGS) -c -o $@ $<

PORT_COMMON_OBJS := $(patsubst shims/linux/lib/%.c,$(PORT_OBJ)/shim/%.o,$(PORT_SHIMLIB))

# $(call port_server,SERVER,DIR): build/servers/SERVER.srv from build/ported/.../DIR
define port_server
$(BUILD)/servers/$(1).srv: $(PORT_OBJ)/$(PORT_COMPONENT)/$(2)/8139too.o $(PORT_COMMON_OBJS) \
		$(BUILD)/lib/libbss-server.a tools/mkserver $(BUILD)/bin/bss-inspect
	@mkdir -p $$(@D)
	BUILD=$(BUILD) tools/mkserver $$@ $(PORT_OBJ)/$(PORT_COMPONENT)/$(2)/8139too.o $(PORT_COMMON_OBJS)
endef
$(foreach v,$(PORT_VERSIONS),$(eval $(call port_server,$(PORT_COMPONENT)-$(v),linux-$(v))))
$(eval $(call port_server,$(PORT_COMPONENT)-$(PORT_NAME),$(PORT_NAME)))

PORT_SERVERS := $(foreach v,$(PORT_VERSIONS),$(BUILD)/servers/$(PORT_COMPONENT)-$(v).srv)

ifdef UPSTREAM
port: $(SVC_STAMP) $(BUILD)/bin/bss-inspect $(BUILD)/lib/libbss-server.a
	BUILD=$(BUILD) $(PYTHON) tools/port $(PORT_MANIFEST) --upstream $(UPSTREAM) --name $(PORT_NAME)
	$(MAKE) --no-print-directory $(BUILD)/servers/$(PORT_COMPONENT)-$(PORT_NAME).srv
else
port: $(SVC_STAMP) $(BUILD)/bin/bss-inspect $(BUILD)/lib/libbss-server.a
	BUILD=$(BUILD) $(PYTHON) tools/port $(PORT_MANIFEST)
	$(MAKE) --no-print-directory port-servers
endif

port-servers: $(PORT_SERVERS)
	@for s in $^; do echo "port: $$s"; done

# After reviewing a change of the generated sources (or a new upstream file):
# record their checksums, keyed by the upstream file's (docs/upstream.md).
port-record: $(SVC_STAMP)
	BUILD=$(BUILD) $(PYTHON) tools/port $(PORT_MANIFEST) --record

diff: port
	$(PYTHON) tools/diff-report $(PORT_MANIFEST)

reuse: port
	$(PYTHON) tools/reuse $(PORT_MANIFEST)

# Hosted test servers of the driver port (tests/port/driver.test).
$(eval $(call bss_test_server,fake_rtl8139,tests/port/srv/fake_rtl8139.c))
$(eval $(call bss_test_server,fake_dma,tests/port/srv/fake_dma.c))
$(eval $(call bss_test_server,fake_queues,tests/port/srv/fake_queues.c))
$(eval $(call bss_test_server,t_rtl8139,tests/port/srv/t_rtl8139.c))

# Header dependencies (-MMD): a changed shim header rebuilds what uses it.
-include $(shell find $(PORT_OBJ) -name '*.d' 2>/dev/null)
