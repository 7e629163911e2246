# make bench-net (issue 6): our system and Linux side by side on the same
# QEMU, NIC model and tap peer (tools/bench-net, docs/bench-net.md). Not part
# of make check (tests/bench-net/linux-boot.test is its quick smoke test).
#   make bench-net-linux   only builds the Linux baseline (kernel, fixed
#                          8139too.ko, busybox initramfs) into build/bench-net/linux
.PHONY: bench-net bench-net-linux

bench-net-linux: deps-if-missing
	upstream/fetch
	BUILD=$(BUILD) bench/net/linux/build.sh

bench-net: deps-if-missing
	$(MAKE) all
	upstream/fetch
	$(MAKE) port
	BUILD=$(BUILD) tools/bench-net
