# Network protocol library (netlib/): pure, freestanding protocol
# logic that the Ethernet distributor, IPv4, ICMP and UDP servers wrap.
#
#   $(BUILD)/netlib/libnetlib-srv.a  built with SERVER_CFLAGS, for servers
#   $(BUILD)/netlib/netlib-test      host unit tests (tests/net-lib)
#   make fuzz                        libFuzzer targets, FUZZ_RUNS runs each
#   make fuzz-seeds                  regenerate tests/fuzz/corpus

NETLIB_DIR := netlib
NETLIB_SRCS :=
NETLIB_SRCS += $(NETLIB_DIR)/stats.c
NETLIB_SRCS += $(NETLIB_DIR)/csum.c
NETLIB_SRCS += $(NETLIB_DIR)/eth.c
NETLIB_SRCS += $(NETLIB_DIR)/arp.c
NETLIB_SRCS += $(NETLIB_DIR)/arp_cache.c
NETLIB_SRCS += $(NETLIB_DIR)/ipv4.c
NETLIB_SRCS += $(NETLIB_DIR)/ipv4_reasm.c
NETLIB_SRCS += $(NETLIB_DIR)/icmp.c
NETLIB_SRCS += $(NETLIB_DIR)/udp.c
NETLIB_HDRS := $(wildcard $(NETLIB_DIR)/*.h)

NETLIB_HOST_OBJS := $(patsubst $(NETLIB_DIR)/%.c,$(BUILD)/netlib/host/%.o,$(NETLIB_SRCS))
NETLIB_SRV_OBJS := $(patsubst $(NETLIB_DIR)/%.c,$(BUILD)/netlib/srv/%.o,$(NETLIB_SRCS))

NETLIB_TEST_SRCS := $(wildcard tests/net-lib/*.c)
NETLIB_TEST_OBJS := $(patsubst tests/net-lib/%.c,$(BUILD)/netlib/test/%.o,$(NETLIB_TEST_SRCS))

NETLIB_TEST := $(BUILD)/netlib/netlib-test
NETLIB_SRV_LIB := $(BUILD)/netlib/libnetlib-srv.a

ALL_TARGETS += $(NETLIB_TEST) $(NETLIB_SRV_LIB)

$(BUILD)/netlib/host/%.o: $(NETLIB_DIR)/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -I$(NETLIB_DIR) -c $< -o $@

# The same sources as a server sees them: proves the library is freestanding.
$(BUILD)/netlib/srv/%.o: $(NETLIB_DIR)/%.c
	@mkdir -p $(@D)
	$(CC) $(SERVER_CFLAGS) -I$(NETLIB_DIR) -c $< -o $@

$(BUILD)/netlib/test/%.o: tests/net-lib/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -I$(NETLIB_DIR) -c $< -o $@

$(NETLIB_SRV_LIB): $(NETLIB_SRV_OBJS)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

$(NETLIB_TEST): $(NETLIB_TEST_OBJS) $(NETLIB_HOST_OBJS)
	$(CC) $^ -o $@

.PHONY: netlib netlib-test
netlib: $(NETLIB_TEST) $(NETLIB_SRV_LIB)
netlib-test: netlib

-include $(NETLIB_HOST_OBJS:.o=.d) $(NETLIB_SRV_OBJS:.o=.d) $(NETLIB_TEST_OBJS:.o=.d)

# Fuzzing: clang's libFuzzer with ASan and UBSan; the library is compiled
# into each target so its code gets coverage instrumentation too.
FUZZ_CC ?= clang
FUZZ_RUNS ?= 1000000
FUZZ_TARGETS := eth arp ipv4 icmp udp
FUZZ_CFLAGS := -std=c11 -g -O1
FUZZ_CFLAGS += -Wall -Wextra -Werror
FUZZ_CFLAGS += -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS += -I$(NETLIB_DIR)
FUZZ_BINS := $(patsubst %,$(BUILD)/fuzz/fuzz_%,$(FUZZ_TARGETS))

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(NETLIB_SRCS) $(NETLIB_HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $< $(NETLIB_SRCS) -o $@

$(BUILD)/fuzz/gen-seeds: tests/fuzz/gen-seeds.c $(NETLIB_HOST_OBJS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -I$(NETLIB_DIR) $< $(NETLIB_HOST_OBJS) -o $@

.PHONY: fuzz fuzz-build fuzz-seeds
fuzz-build: $(FUZZ_BINS)

fuzz: fuzz-build
	tests/fuzz/run-fuzz.sh $(FUZZ_RUNS) $(FUZZ_TARGETS)

# Seeds are generated, deterministic, and committed.
fuzz-seeds: $(BUILD)/fuzz/gen-seeds
	$(BUILD)/fuzz/gen-seeds tests/fuzz/corpus
