# Fault injection (docs/faults.md): make faults runs a campaign. Not part
# of "all": it needs make port's output. (Read after port.mk, whose rules it
# uses: mk/*.mk are read in name order.)
#
#   make faults                  FAULTS_N injections (default 1000) into each of
#                                FAULTS_DRIVERS (default: every ported Linux NIC
#                                driver from Linux 6.1; about an hour per 1000
#                                injections on two CPUs under TCG)
#   make faults FAULTS_ISOLATED=1  the same with the driver and the network
#                                stack each in an address space of its own
#   make faults FAULTS_IOMMU=1   every boot on q35 with QEMU's intel-iommu:
#                                the NIC's DMA confined to its driver's memory
#   make faults FAULTS_ARM_MS=3500  each injection armed 3.5 s after boot instead
#                                of 1.5 s (the same plan): for a driver whose link
#                                comes up late, so the peer's connection is open
#   make faults-schema           every fault server: build/servers/SERVER-faults.srv
#
# The port's generated rules (tools/portkit/makegen.py) build each Linux NIC
# driver's fault server: tools/faults schema applies the rules of
# cocci/faults/ to the ported sources (build/faults/SERVER/), which are
# compiled like the port itself, with cocci/faults/fault.h (what each fault
# does), and linked with the same glue and shim objects: the same pipeline,
# one server holding every site.

.PHONY: faults faults-schema

FAULTS_N ?= 1000
FAULTS_SEED ?= 1
FAULTS_JOBS ?= 2
FAULTS_DRIVERS ?= rtl8139-6.1 8139cp-6.1 pcnet32-6.1 ne2k-pci-6.1 e1000-6.1 e1000e-6.1
FAULTS_ISOLATED ?=
FAULTS_IOMMU ?=
FAULTS_ARM_MS ?=
FAULTS_TOOL := tools/faults $(wildcard cocci/faults/*.cocci) cocci/faults/faultsite.py

faults-schema: $(FAULTS_SERVERS)

# From a fresh clone: the upstream sources, the port, the TCP server, the
# fault servers, then the campaign (root: network namespaces).
faults: deps-if-missing all
	upstream/fetch
	$(MAKE) --no-print-directory port tcp
	$(MAKE) --no-print-directory $(foreach d,$(FAULTS_DRIVERS),$(BUILD)/servers/$(d)-faults.srv)
	BUILD=$(BUILD) tools/faults campaign --count $(FAULTS_N) --seed $(FAULTS_SEED) \
		--jobs $(FAULTS_JOBS) $(if $(filter 1,$(FAULTS_ISOLATED)),--isolated) \
		$(if $(filter 1,$(FAULTS_IOMMU)),--iommu) $(if $(FAULTS_ARM_MS),--arm-ms $(FAULTS_ARM_MS)) \
		$(foreach d,$(FAULTS_DRIVERS),$(BUILD)/faults/$(d))
