# BSS driver-porting kit: top-level build.
#
# Our own code builds with -Wall -Wextra -Werror. Each area keeps its rules in
# mk/<area>.mk; this file holds the shared flags and the user-facing targets.

BUILD ?= build
PYTHON ?= python3
CC ?= gcc
export BUILD

# Host programs: the hosted runtime, tools, tests.
HOST_CFLAGS := -std=c11 -O2 -g
HOST_CFLAGS += -Wall -Wextra -Werror
HOST_CFLAGS += -D_GNU_SOURCE
HOST_CFLAGS += -Iinclude -Ikernel -I$(BUILD)/include -I.
HOST_CFLAGS += -MMD -MP

# Servers: freestanding, position independent, no SSE (the kernel does not
# save vector state), no red zone (interrupts run on the same stack).
SERVER_CFLAGS := -std=c11 -O2 -g
SERVER_CFLAGS += -Wall -Wextra -Werror
SERVER_CFLAGS += -ffreestanding -fno-builtin-printf
SERVER_CFLAGS += -fpie -fno-plt -fvisibility=hidden
SERVER_CFLAGS += -fno-stack-protector -fno-common
SERVER_CFLAGS += -mno-red-zone -mgeneral-regs-only
SERVER_CFLAGS += -fno-asynchronous-unwind-tables -fno-unwind-tables
SERVER_CFLAGS += -Iinclude -I$(BUILD)/include -I.
SERVER_CFLAGS += -MMD -MP

.DEFAULT_GOAL := all
.PHONY: all deps check demo clean format
.DELETE_ON_ERROR:

ALL_TARGETS :=
ALL_SERVERS :=

# services and core first: they define SVC_STAMP and the bss_server template
include mk/services.mk mk/core.mk
include $(filter-out mk/services.mk mk/core.mk,$(sort $(wildcard mk/*.mk)))

all: $(ALL_TARGETS) $(ALL_SERVERS)

deps:
	tools/deps.sh

# The test and main-job targets install what is missing first.
deps-if-missing:
	@tools/deps.sh --check 2>/dev/null || tools/deps.sh

check: deps-if-missing
	$(MAKE) -j$$(nproc) all
	tools/run-tests

clean:
	rm -rf $(BUILD)

# Our own C in .clang-format's style (tools/format-files lists it; upstream
# and generated code keep theirs); tests/style/format.test checks it.
format:
	clang-format -i $$(tools/format-files)

.PHONY: deps-if-missing

demo: deps-if-missing
	$(MAKE) -j$$(nproc) all
	tools/demo
