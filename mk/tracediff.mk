# make tracediff: does each ported driver drive its device the way Linux's
# build of the same driver does? Both boot on the same QEMU device, run one
# scenario and are compared register by register (tools/tracediff,
# docs/porting/tracediff.md). Reports: build/reports/tracediff-DRIVER.*.
# make check runs it through tests/tracediff/tracediff.test.
.PHONY: tracediff

tracediff: deps-if-missing
	$(MAKE) all
	upstream/fetch
	$(MAKE) port
	BUILD=$(BUILD) bench/net/linux/build.sh
	BUILD=$(BUILD) tools/tracediff
