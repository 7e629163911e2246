# The bare-metal x86_64 kernel (kernel/arch/x86_64/), booted by QEMU's
# multiboot loader with "-kernel build/kernel/kernel.elf32".
# See docs/kernel-boot.md.

KERNEL_ARCH := kernel/arch/x86_64
KERNEL_OUT := $(BUILD)/kernel
KERNEL_ELF := $(KERNEL_OUT)/kernel.elf
KERNEL_IMAGE := $(KERNEL_OUT)/kernel.elf32

# boot.S first: it holds the multiboot header (the linker script keeps the
# header first anyway).
KERNEL_SRCS := $(addprefix $(KERNEL_ARCH)/, \
	boot.S isr.S ctx.S probe.S \
	init.c main.c serial.c printf.c panic.c multiboot.c \
	gdt.c idt.c traps.c pic.c lapic.c pit.c tsc.c \
	pmm.c paging.c heap.c stack.c probe_fixup.c selftest.c \
	try.S callpath.S os.c ksrv_os.c fault.c watchdog.c start.c \
	uspace.c usweep.c ustats.c ucall.c uentry.S acpi.c vtd.c) \
	common/fmt.c common/mem.c common/string.c
# The portable core and the kernel servers (mk/core.mk), with the service registry.
KERNEL_SRCS += $(filter-out common/fmt.c,$(CORE_SRCS)) $(KSRV_SRCS)
KERNEL_OBJS := $(patsubst %,$(KERNEL_OUT)/%.o,$(basename $(KERNEL_SRCS))) \
	$(KERNEL_OUT)/gen/svc_registry.o

KERNEL_CFLAGS := -std=c11 -O2 -g
KERNEL_CFLAGS += -Wall -Wextra -Werror
# No libc, no startup files; GCC must not assume a hosted environment.
KERNEL_CFLAGS += -ffreestanding -fno-stack-protector -fno-common
# Linked at 1 MiB and identity mapped: absolute addresses fit in 32 bits.
KERNEL_CFLAGS += -fno-pic -fno-pie -mcmodel=small
# Interrupts arrive on the running stack, and vector registers are never saved.
KERNEL_CFLAGS += -mno-red-zone -mgeneral-regs-only
# Frame pointers: panic backtraces walk the rbp chain.
KERNEL_CFLAGS += -fno-omit-frame-pointer
# common/mem.c and common/string.c implement memset and friends: no loops turned into calls to them.
KERNEL_CFLAGS += -fno-tree-loop-distribute-patterns
# .eh_frame is discarded at link time; debug info carries gdb's unwind tables.
KERNEL_CFLAGS += -fno-asynchronous-unwind-tables
KERNEL_CFLAGS += -I$(KERNEL_ARCH) -Icommon -Iinclude -Ikernel -I$(BUILD)/include -I.
KERNEL_CFLAGS += -MMD -MP

KERNEL_ASFLAGS := -g -I$(KERNEL_ARCH) -MMD -MP

KERNEL_LDFLAGS := -nostdlib -static -no-pie
KERNEL_LDFLAGS += -Wl,-T,$(KERNEL_ARCH)/kernel.ld
KERNEL_LDFLAGS += -Wl,-z,max-page-size=0x1000 -Wl,--build-id=none -Wl,-z,noexecstack

$(KERNEL_OUT)/%.o: %.c | $(SVC_STAMP)
	@mkdir -p $(@D)
	$(CC) $(KERNEL_CFLAGS) -c -o $@ $<

$(KERNEL_OUT)/%.o: %.S
	@mkdir -p $(@D)
	$(CC) $(KERNEL_ASFLAGS) -c -o $@ $<

$(KERNEL_OUT)/gen/svc_registry.o: $(SVC_REGISTRY)
	@mkdir -p $(@D)
	$(CC) $(KERNEL_CFLAGS) -c -o $@ $(SVC_REGISTRY)

# The ELF64 kernel with symbols, for gdb and addr2line.
$(KERNEL_ELF): $(KERNEL_OBJS) $(KERNEL_ARCH)/kernel.ld
	@mkdir -p $(@D)
	$(CC) $(KERNEL_LDFLAGS) -o $@ $(KERNEL_OBJS)

# QEMU's multiboot loader rejects ELF64; the same code in an ELF32 container
# loads fine.  The multiboot header must be in the file's first 8 KiB.
$(KERNEL_IMAGE): $(KERNEL_ELF)
	objcopy -O elf32-i386 --strip-all $< $@
	@off=$$(LC_ALL=C grep -obUaP '\x02\xb0\xad\x1b' $@ | head -n 1 | cut -d: -f1); \
	if [ -z "$$off" ] || [ "$$off" -ge 8192 ]; then \
		echo "$@: multiboot header not in the first 8 KiB (offset '$$off')" >&2; \
		rm -f $@; exit 1; fi

ALL_TARGETS += $(KERNEL_IMAGE)

# The kernel the tests boot: the same objects, with the test build's registry
# (it also knows the test services, mk/services.mk).
TEST_KERNEL_OUT := $(BUILD)/tests/kernel
TEST_KERNEL_OBJS := $(filter-out $(KERNEL_OUT)/gen/svc_registry.o,$(KERNEL_OBJS)) \
	$(TEST_KERNEL_OUT)/svc_registry.o

$(TEST_KERNEL_OUT)/svc_registry.o: $(TEST_SVC_REGISTRY)
	@mkdir -p $(@D)
	$(CC) $(KERNEL_CFLAGS) -c -o $@ $(TEST_SVC_REGISTRY)

$(TEST_KERNEL_OUT)/kernel.elf: $(TEST_KERNEL_OBJS) $(KERNEL_ARCH)/kernel.ld
	@mkdir -p $(@D)
	$(CC) $(KERNEL_LDFLAGS) -o $@ $(TEST_KERNEL_OBJS)

$(TEST_KERNEL_OUT)/kernel.elf32: $(TEST_KERNEL_OUT)/kernel.elf
	objcopy -O elf32-i386 --strip-all $< $@

ALL_TARGETS += $(TEST_KERNEL_OUT)/kernel.elf32

-include $(KERNEL_OBJS:.o=.d)

# ---- running it ----

QEMU ?= qemu-system-x86_64
QEMU_MEM ?= 256M
GDB ?= gdb
GDB_PORT ?= 1234
# Comma-separated files passed as multiboot modules, and the kernel command line.
KERNEL_MODULES ?=
KERNEL_APPEND ?=
# The kernel make qemu boots; QEMU_KERNEL=$(BUILD)/tests/kernel/kernel.elf32
# for test servers, which may use the test services.
QEMU_KERNEL ?= $(KERNEL_IMAGE)

KERNEL_QEMU_FLAGS := -m $(QEMU_MEM) -nodefaults -display none -no-reboot
KERNEL_QEMU_FLAGS += -device isa-debug-exit,iobase=0xf4,iosize=0x04
KERNEL_QEMU_FLAGS += -kernel $(QEMU_KERNEL)
KERNEL_QEMU_FLAGS += $(if $(KERNEL_MODULES),-initrd "$(KERNEL_MODULES)")
KERNEL_QEMU_FLAGS += $(if $(KERNEL_APPEND),-append "$(KERNEL_APPEND)")

.PHONY: qemu gdb

# Serial console on the terminal (Ctrl-A x quits, Ctrl-A c: QEMU monitor).
# Exit status 33 is the kernel's "all well" (see docs/kernel-boot.md).
# Without KERNEL_MODULES/KERNEL_APPEND: the whole system (tools/qemu-sys):
# the ported 8139too (QEMU_PORT) and the network stack on QEMU's user
# network; the host reaches its UDP echo server at 127.0.0.1:$(QEMU_UDP_ECHO).
# The console (docs/pc-hardware.md) shows on QEMU_DISPLAY: by default a window
# with a desktop, curses in a terminal, else none (tools/qemu-display); with
# curses the terminal is the screen, so the serial port goes to a file.
# ISOLATED=1 runs the driver and the network stack isolated (docs/isolation.md),
# each in a space of its own; ISOLATED=shared puts the stack in one protection
# domain, ISOLATED=net the driver and the stack. IOMMU=1 boots QEMU's q35
# machine with its intel-iommu, which confines the NIC's DMA to its driver's
# DMA memory (docs/isolation.md, "IOMMU").
QEMU_PORT ?= 6.1
ISOLATED ?= 0
IOMMU ?= 0
QEMU_UDP_ECHO ?= 7777
QEMU_DISPLAY ?=
ifeq ($(KERNEL_MODULES)$(KERNEL_APPEND),)
qemu: all
	upstream/fetch >/dev/null && $(MAKE) --no-print-directory port >/dev/null
	@echo "qemu: 10.0.2.15 serves UDP echo; from the host: socat - udp:127.0.0.1:$(QEMU_UDP_ECHO)"
	@d=$${QEMU_DISPLAY:-$$(tools/qemu-display)}; serial=mon:stdio; extra=; \
	if [ "$$d" = curses ]; then \
		serial=file:$(BUILD)/qemu-sys/serial.log; extra="-monitor vc"; \
		echo "qemu: the console in this terminal (serial port: $(BUILD)/qemu-sys/serial.log);"; \
		echo "qemu: Esc 2 is QEMU's monitor ('quit' ends), Esc 1 the console"; sleep 2; \
	else \
		echo "qemu: display $$d; the serial port is this terminal, Ctrl-A x quits"; \
	fi; \
	QSYS_DISPLAY=$$d QSYS_ISOLATED=$(ISOLATED) QSYS_IOMMU=$(IOMMU) tools/qemu-sys $(QEMU_PORT) \
		"user,hostfwd=udp:127.0.0.1:$(QEMU_UDP_ECHO)-:7" $$serial $$extra || [ $$? -eq 33 ]
else
qemu: $(QEMU_KERNEL)
	$(QEMU) $(KERNEL_QEMU_FLAGS) -serial mon:stdio || [ $$? -eq 33 ]
endif

# QEMU waits for gdb before the first instruction; gdb gets the ELF64's
# symbols and stops at kmain.  The serial console goes to a file.
gdb: $(QEMU_KERNEL)
	@echo "gdb: serial console in $(KERNEL_OUT)/serial.log"
	$(QEMU) $(KERNEL_QEMU_FLAGS) -serial file:$(KERNEL_OUT)/serial.log \
		-gdb tcp::$(GDB_PORT) -S & qpid=$$!; \
	for i in $$(seq 50); do \
		ss -Hltn "sport = :$(GDB_PORT)" 2>/dev/null | grep -q . && break; sleep 0.1; done; \
	$(GDB) -q -ex 'set architecture i386:x86-64' \
		-ex 'target remote localhost:$(GDB_PORT)' \
		-x $(KERNEL_ARCH)/kernel.gdb $(KERNEL_ELF); \
	kill $$qpid 2>/dev/null; wait $$qpid 2>/dev/null; true
