# Test servers of the kernel services (tests/kernel/srv/), run by
# tests/qemu/kernel-services.test on the bare-metal kernel.
$(eval $(call bss_test_server,t_kernel,tests/kernel/srv/t_kernel.c tests/kernel/srv/t_kernel_crash.c))
$(eval $(call bss_test_server,faulty,tests/kernel/srv/faulty.c))
$(eval $(call bss_test_server,ctorhang,tests/kernel/srv/ctorhang.c))
