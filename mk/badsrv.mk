# Bad servers from source for tests/badsrv: $(BUILD)/badsrv/NAME.srv from
# tests/badsrv/src/NAME.c. Compiled like every server (SERVER_CFLAGS, plus the
# flag that makes each one bad) and linked like tools/mkserver does, but
# without its bss-inspect check: mkserver refuses to write a file the loader
# would reject, and rejecting them is what the test checks.

BADSRV_NAMES := $(patsubst tests/badsrv/src/%.c,%,$(sort $(wildcard tests/badsrv/src/*.c)))

BADSRV_CFLAGS_nopie := -fno-pie
BADSRV_CFLAGS_common := -fcommon
BADSRV_CFLAGS_large_model := -mcmodel=large

$(BUILD)/badsrv/obj/%.o: tests/badsrv/src/%.c | $(SVC_STAMP) $(TEST_SVC_STAMP)
	@mkdir -p $(@D)
	$(CC) $(SERVER_CFLAGS) -I$(BUILD)/tests/include $(BADSRV_CFLAGS_$*) -c -o $@ $<

$(BUILD)/badsrv/%.srv: $(BUILD)/badsrv/obj/%.o $(BUILD)/lib/libbss-server.a
	@mkdir -p $(@D)
	ld -r -o $@ $< $(BUILD)/lib/libbss-server.a

# keep the objects (make would delete them as intermediates of the chain)
.SECONDARY: $(patsubst %,$(BUILD)/badsrv/obj/%.o,$(BADSRV_NAMES))

ALL_TARGETS += $(patsubst %,$(BUILD)/badsrv/%.srv,$(BADSRV_NAMES))
