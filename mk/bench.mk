# Benchmarks: they measure and write reports; they never fail a build.
$(eval $(call bss_server,bench_target,bench/core/target.c))
$(eval $(call bss_server,bench_target_safe,bench/core/target_safe.c))
$(eval $(call bss_server,bench_target_full,bench/core/target_full.c))
# The same target under a name the kernel's bench-core run isolates.
$(eval $(call bss_server,bench_target_iso,bench/core/target_full.c))
$(eval $(call bss_server,bench_core,bench/core/bench_core.c))

.PHONY: bench-core
bench-core: all
	tools/bench-core
