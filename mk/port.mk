# The porting pipeline (issue 5): make port / port-record / diff / reuse.
# Not part of "all": the upstream sources come from make upstream.
#
#   make port                      every upstream version of every component
#   make port UPSTREAM=FILE [PORT_NAME=NAME]   any copy of 8139too.c
#
# tools/port applies the rules and checks the shims; this file compiles
# the result, the glue and the shim library into build/servers/*.srv.

.PHONY: port port-servers port-record diff reuse

# Every ported Linux driver: ported/*/port.manifest.
PORT_MANIFESTS := $(wildcard ported/*/port.manifest)
PORT_COMPONENTS := $(patsubst ported/%/port.manifest,%,$(PORT_MANIFESTS))
# make port UPSTREAM=FILE ports a copy of this component's source
PORT_COMPONENT ?= rtl8139
PORT_VERSIONS := 6.1 6.12
PORT_NAME ?= custom
PORT_OBJ := $(BUILD)/port-obj
PORT_SHIMLIB := $(sort $(foreach m,$(PORT_MANIFESTS),$(shell sed -n 's/^shimlib //p' $(m))))

# Our code (the shim library): the project's warnings, GNU C for typeof.
PORT_OWN_CFLAGS := $(filter-out -std=c11,$(SERVER_CFLAGS)) -std=gnu11 -Ishims/linux/include
# Linux's code: the flags Linux builds it with, warnings Linux does not enable off.
PORT_LINUX_CFLAGS := $(filter-out -std=c11 -Wextra,$(SERVER_CFLAGS)) -std=gnu11 \
	-fno-strict-aliasing -Ishims/linux/include \
	-Wno-pointer-sign -Wno-unused-variable -Wno-unused-function \
	-Werror=implicit-function-declaration

$(PORT_OBJ)/shim/%.o: shims/linux/lib/%.c | $(SVC_STAMP)
	@mkdir -p $(@D)
	$(CC) $(PORT_OWN_CFLAGS) -c -o $@ $<

PORT_COMMON_OBJS := $(patsubst shims/linux/lib/%.c,$(PORT_OBJ)/shim/%.o,$(PORT_SHIMLIB))

# $(call port_server,COMPONENT,SOURCE,DIR): build/servers/COMPONENT-DIR.srv
define port_server
$(PORT_OBJ)/$(1)/$(3)/$(2).o: $(BUILD)/ported/$(1)/$(3)/$(2).c | $(SVC_STAMP)
	@mkdir -p $$(@D)
	$(CC) $(PORT_LINUX_CFLAGS) -DKBUILD_MODNAME='"$(2)"' -c -o $$@ $$<

$(BUILD)/servers/$(1)-$(patsubst linux-%,%,$(3)).srv: $(PORT_OBJ)/$(1)/$(3)/$(2).o $(PORT_COMMON_OBJS) \
		$(BUILD)/lib/libbss-server.a tools/mkserver $(BUILD)/bin/bss-inspect
	@mkdir -p $$(@D)
	BUILD=$(BUILD) tools/mkserver $$@ $(PORT_OBJ)/$(1)/$(3)/$(2).o $(PORT_COMMON_OBJS)
endef
port_source = $(basename $(notdir $(shell sed -n 's/^source //p' ported/$(1)/port.manifest)))
$(foreach c,$(PORT_COMPONENTS),$(foreach v,$(PORT_VERSIONS),\
	$(eval $(call port_server,$(c),$(call port_source,$(c)),linux-$(v)))))
$(eval $(call port_server,$(PORT_COMPONENT),$(call port_source,$(PORT_COMPONENT)),$(PORT_NAME)))

PORT_SERVERS := $(foreach c,$(PORT_COMPONENTS),$(foreach v,$(PORT_VERSIONS),$(BUILD)/servers/$(c)-$(v).srv))

ifdef UPSTREAM
port: $(SVC_STAMP) $(BUILD)/bin/bss-inspect $(BUILD)/lib/libbss-server.a
	BUILD=$(BUILD) $(PYTHON) tools/port ported/$(PORT_COMPONENT)/port.manifest --upstream $(UPSTREAM) --name $(PORT_NAME)
	$(MAKE) --no-print-directory $(BUILD)/servers/$(PORT_COMPONENT)-$(PORT_NAME).srv
else
port: $(SVC_STAMP) $(BUILD)/bin/bss-inspect $(BUILD)/lib/libbss-server.a
	for m in $(PORT_MANIFESTS); do BUILD=$(BUILD) $(PYTHON) tools/port $$m || exit 1; done
	$(MAKE) --no-print-directory port-servers
endif

port-servers: $(PORT_SERVERS)
	@for s in $^; do echo "port: $$s"; done

# After reviewing a change of the generated sources (or a new upstream file):
# record their checksums, keyed by the upstream file's (docs/upstream.md).
port-record: $(SVC_STAMP)
	for m in $(PORT_MANIFESTS); do BUILD=$(BUILD) $(PYTHON) tools/port $$m --record || exit 1; done

diff: port
	$(PYTHON) tools/diff-report $(PORT_MANIFESTS)

reuse: port
	$(PYTHON) tools/reuse $(PORT_MANIFESTS)

# Hosted test servers of the driver port (tests/port/driver.test).
$(eval $(call bss_test_server,fake_rtl8139,tests/port/srv/fake_rtl8139.c))
$(eval $(call bss_test_server,fake_dma,tests/port/srv/fake_dma.c))
$(eval $(call bss_test_server,fake_queues,tests/port/srv/fake_queues.c))
$(eval $(call bss_test_server,t_rtl8139,tests/port/srv/t_rtl8139.c))

# Header dependencies (-MMD): a changed shim header rebuilds what uses it.
-include $(shell find $(PORT_OBJ) -name '*.d' 2>/dev/null)
