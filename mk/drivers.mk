# The driver framework (thesis 4.2-4.3): the config-file query server, the PC
# and PCI servers, their test servers. See docs/config.md and
# docs/driver-framework.md.

# The files service and loader.load (kernel/ksrv/files.c, both runtimes) are
# in mk/core.mk's KSRV_SRCS; the hosted config boot rule (kernel/hosted/
# files.c) in HOSTED_SRCS.

# ---- the config-file query server ----
# The service registry is compiled in: configuration files may name services.
CONFIG_SRCS := $(addprefix servers/config/, config.c parse.c resolve.c driverdb.c params.c names.c) \
	$(BUILD)/gen/svc_registry.c
$(eval $(call bss_server,config,$(CONFIG_SRCS)))
# The same server for the tests (tests/config, tests/pci): it also knows the
# names of the test services.
TEST_CONFIG_OBJS := $(patsubst %.c,$(BUILD)/srv/%.o, \
	$(filter-out $(SVC_REGISTRY),$(CONFIG_SRCS)) $(TEST_SVC_REGISTRY))
$(BUILD)/tests/servers/config.srv: $(TEST_CONFIG_OBJS) $(BUILD)/lib/libbss-server.a tools/mkserver \
		$(BUILD)/tests/bin/bss-inspect
	@mkdir -p $(@D)
	BUILD=$(BUILD) INSPECT=$(BUILD)/tests/bin/bss-inspect tools/mkserver $@ $(TEST_CONFIG_OBJS)
ALL_SERVERS += $(BUILD)/tests/servers/config.srv

# ---- test servers of the config server (tests/config) ----
$(eval $(call bss_test_server,t_config,tests/config/srv/t_config.c))
$(eval $(call bss_test_server,cfga,tests/config/srv/cfga.c))
$(eval $(call bss_test_server,cfgdrv,tests/config/srv/cfgdrv.c))

# ---- the PCI bus server ----
$(eval $(call bss_server,pci,$(addprefix servers/pci/, pci.c scan.c bars.c cfgspace.c pcidev.c msi.c msix.c supervise.c)))

# ---- test servers of the PCI server (tests/pci) ----
$(eval $(call bss_test_server,fakecfg,tests/pci/srv/fakecfg.c))
$(eval $(call bss_test_server,t_pci,tests/pci/srv/t_pci.c))

# ---- the PC platform server and the drivers of its devices (docs/pc-hardware.md) ----
$(eval $(call bss_server,pc,servers/pc/pc.c servers/pc/pcdev.c))
$(eval $(call bss_server,serial,servers/pc/serial.c))
$(eval $(call bss_server,ps2kbd,servers/pc/ps2kbd.c servers/pc/keymap.c))
$(eval $(call bss_server,vga,servers/pc/vga.c))
$(eval $(call bss_server,rtc,servers/pc/rtc.c))
$(eval $(call bss_test_server,fakeios,tests/pci/srv/fakeios.c))
$(eval $(call bss_test_server,t_pc,tests/pci/srv/t_pc.c))
$(eval $(call bss_test_server,t_qpci,tests/pci/srv/t_qpci.c))

# ---- the console (docs/pc-hardware.md) ----
$(eval $(call bss_server,console,$(addprefix servers/console/, console.c view.c input.c cmd.c netcmd.c)))
