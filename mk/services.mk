# Service definitions: services/*.svc -> $(BUILD)/include/svc/<name>.h and
# $(BUILD)/gen/svc_registry.c, all from one run of tools/svcgen (references
# between services are resolved across the files, so they go in together).
#
# The run is recorded by a stamp file. svcgen rewrites only the files whose
# content changed, so the headers keep their mtimes when a definition changes
# elsewhere, and objects that include them (tracked by -MMD) do not rebuild.
# Rules that compile anything including <svc/...> must depend on $(SVC_STAMP)
# (normally or order-only) so the headers exist before the first compile.

SVC_FILES := $(sort $(wildcard services/*.svc))
SVC_HEADERS := $(patsubst services/%.svc,$(BUILD)/include/svc/%.h,$(SVC_FILES))
SVC_REGISTRY := $(BUILD)/gen/svc_registry.c
SVC_STAMP := $(BUILD)/gen/svc.stamp

# Removing a definition must also rerun svcgen (it deletes the stale header):
# the list of files is a prerequisite, rewritten only when it changes.
SVC_LIST := $(BUILD)/gen/svc.list
$(shell mkdir -p $(BUILD)/gen && echo $(SVC_FILES) | cmp -s - $(SVC_LIST) || \
	echo $(SVC_FILES) >$(SVC_LIST))

$(SVC_STAMP): $(SVC_FILES) $(SVC_LIST) tools/svcgen
	@mkdir -p $(@D)
	$(PYTHON) tools/svcgen -o $(BUILD)/include -r $(SVC_REGISTRY) $(SVC_FILES)
	@touch $@

# The outputs come with the stamp; naming them lets make build them on
# demand (a -MMD dependency on a header, or the registry object).
$(SVC_REGISTRY) $(SVC_HEADERS): $(SVC_STAMP) ;

ALL_TARGETS += $(SVC_STAMP)

# The test build: the services only tests use (tests/services/*.svc) are
# not part of the system. One run over every definition (test services refer
# to the system's) generates the headers test servers include,
# $(BUILD)/tests/include/svc/, and the registry of the runtimes that run
# the tests ($(BUILD)/tests/bin/, $(BUILD)/tests/kernel/).
TEST_SVC_FILES := $(sort $(wildcard tests/services/*.svc))
TEST_SVC_REGISTRY := $(BUILD)/tests/gen/svc_registry.c
TEST_SVC_STAMP := $(BUILD)/tests/gen/svc.stamp

TEST_SVC_LIST := $(BUILD)/tests/gen/svc.list
$(shell mkdir -p $(BUILD)/tests/gen && echo $(SVC_FILES) $(TEST_SVC_FILES) | \
	cmp -s - $(TEST_SVC_LIST) || echo $(SVC_FILES) $(TEST_SVC_FILES) >$(TEST_SVC_LIST))

$(TEST_SVC_STAMP): $(SVC_FILES) $(TEST_SVC_FILES) $(TEST_SVC_LIST) tools/svcgen
	@mkdir -p $(@D)
	$(PYTHON) tools/svcgen -o $(BUILD)/tests/include -r $(TEST_SVC_REGISTRY) $(SVC_FILES) \
		$(TEST_SVC_FILES)
	@touch $@

$(TEST_SVC_REGISTRY): $(TEST_SVC_STAMP) ;

ALL_TARGETS += $(TEST_SVC_STAMP)
