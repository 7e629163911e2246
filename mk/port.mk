# The porting pipeline (docs/porting/guide.md): one tool (tools/port) and one
# manifest grammar for every component, ported/NAME/manifest. Not part of
# "all": the upstream sources come from make upstream.
#
#   make port                        every version of every component, and every
#                                    copy in PORT_SAMPLES -> build/servers/
#   make port-NAME                   one component
#   make port UPSTREAM=FILE [PORT_NAME=NAME] [COMPONENT=C]
#                                    a copy of a component's source (the one it is
#                                    or resembles), with the missing-symbol report
#   make port-record                 after review: rewrite ported/*/generated.sha256
#   make diff, make reuse            build/reports/diff/, build/reports/reuse.json
#   make track TRACK=VER|FILE [SINCE=NAME]   a new upstream version, one report
#   make matrix                      component x version: ports, builds, boots, serves
#
# The make rules of the components are generated from their manifests
# (tools/port rules -> $(PORT_RULES_MK)): adding a component edits no file here.

.PHONY: port port-record diff reuse track matrix

PORT_NAME ?= custom
# Copies of drivers from other kernels (a folder per version, SOURCES.tsv
# with their sha256): ported as sample-VERSION, where present.
PORT_SAMPLES ?= ../shared/linux-versions
PORT_SAMPLES_ARG := $(if $(wildcard $(PORT_SAMPLES)/SOURCES.tsv),--samples $(PORT_SAMPLES))
COMPONENT ?= $(PORT_COMPONENT)
PORT_OBJ := $(BUILD)/port-obj
PORT_TOOL := tools/port $(wildcard tools/portkit/*.py)
PORT_CCINCLUDE := $(shell $(CC) -print-file-name=include)
# Upstream code: the server flags without ours (-std, -Wextra); each
# manifest's cflags say how upstream's build compiles it.
PORT_UPSTREAM_CFLAGS := $(filter-out -std=c11 -Wextra,$(SERVER_CFLAGS)) \
	-fno-strict-aliasing -Werror=implicit-function-declaration
# Our code (glue, shim library): the project's warnings, GNU C for typeof.
PORT_OWN_CFLAGS := $(filter-out -std=c11,$(SERVER_CFLAGS)) -std=gnu11

PORT_RULES_MK := $(BUILD)/gen/port.mk
$(PORT_RULES_MK): $(PORT_TOOL) $(wildcard ported/*/manifest)
	$(PYTHON) tools/port rules -o $@ $(PORT_SAMPLES_ARG)
include $(PORT_RULES_MK)

ifdef UPSTREAM
PORT_CUSTOM_MK := $(BUILD)/gen/port-custom.mk
-include $(PORT_CUSTOM_MK)
port: $(SVC_STAMP) $(BUILD)/bin/bss-inspect $(BUILD)/lib/libbss-server.a
	$(PYTHON) tools/port port --upstream $(UPSTREAM) --name $(PORT_NAME) \
		$(if $(COMPONENT),--component $(COMPONENT)) --make $(PORT_CUSTOM_MK)
	$(MAKE) --no-print-directory port-custom
else
port: $(PORT_SERVERS)
	@for s in $^; do echo "port: $$s"; done
endif

# After reviewing a change of the generated sources (make diff): record them.
port-record: $(SVC_STAMP)
	$(PYTHON) tools/port port --record $(PORT_SAMPLES_ARG)
	@touch $(PORT_STAMPS)

diff: port
	$(PYTHON) tools/port diff

reuse: port
	$(PYTHON) tools/port reuse

# A new upstream version: port it, one report (tools/track).
#   make track TRACK=7.2.13-1 (a Debian version) or TRACK=path/to/file.c
#              [SINCE=linux-6.12] [TRACK_NAME=track-x] [COMPONENT=rtl8139]
track: port
	@test -n "$(TRACK)" || { echo "usage: make track TRACK=<Debian version like 7.2.13-1, or a file> [SINCE=linux-6.12]" >&2; exit 2; }
	BUILD=$(BUILD) $(PYTHON) tools/track $(TRACK) $(if $(SINCE),--since $(SINCE)) \
		$(if $(TRACK_NAME),--name $(TRACK_NAME)) $(if $(COMPONENT),--component $(COMPONENT))

# Component x upstream version: ports, builds, boots, serves, reuse (tools/matrix).
matrix: port
	BUILD=$(BUILD) $(PYTHON) tools/matrix

# Hosted test servers of the driver port (tests/port/driver.test).
$(eval $(call bss_test_server,fake_rtl8139,tests/port/srv/fake_rtl8139.c))
$(eval $(call bss_test_server,fake_dma,tests/port/srv/fake_dma.c))
$(eval $(call bss_test_server,fake_queues,tests/port/srv/fake_queues.c))
$(eval $(call bss_test_server,t_rtl8139,tests/port/srv/t_rtl8139.c))

# Header dependencies (-MMD): a changed shim header rebuilds what uses it.
-include $(shell find $(PORT_OBJ) -name '*.d' 2>/dev/null)

# An upstream file is make upstream's: say so, not "no rule to make target".
upstream/src/%:
	@echo "port: $@ missing: run make upstream" >&2; exit 1
