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

$(SVC_STAMP): $(SVC_FILES) tools/svcgen
	@mkdir -p $(@D)
	$(PYTHON) tools/svcgen -o $(BUILD)/include -r $(SVC_REGISTRY) $(SVC_FILES)
	@touch $@

# The outputs come with the stamp; naming them lets make build them on
# demand (a -MMD dependency on a header, or the registry object).
$(SVC_REGISTRY) $(SVC_HEADERS): $(SVC_STAMP) ;

ALL_TARGETS += $(SVC_STAMP)
