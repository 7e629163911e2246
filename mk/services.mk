# Service definitions: services/*.svc -> build/include/svc/*.h and the registry.
SVC_FILES := $(sort $(wildcard services/*.svc))
SVC_STAMP := $(BUILD)/gen/svc.stamp

$(SVC_STAMP): $(SVC_FILES) tools/svcgen
	@mkdir -p $(BUILD)/gen $(BUILD)/include
	$(PYTHON) tools/svcgen -o $(BUILD)/include -r $(BUILD)/gen/svc_registry.c $(SVC_FILES)
	@touch $@

ALL_TARGETS += $(SVC_STAMP)
