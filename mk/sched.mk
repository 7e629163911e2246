# The dispatch service (kernel/ksrv/dispatch.c), the scheduler server built on
# it (servers/sched/) and its tests (tests/sched/). See docs/kernel-services.md.
#
# dispatch.c is a kernel server like those in KSRV_SRCS (mk/core.mk); it is
# added to both runtimes here. The kernel's link recipe expands KERNEL_OBJS
# when it runs, so appending works; the prerequisite is named separately
# because mk/kernel.mk's rule line was expanded when it was read.
HOSTED_SRCS += kernel/ksrv/dispatch.c
KERNEL_OBJS += $(KERNEL_OUT)/kernel/ksrv/dispatch.o
$(KERNEL_ELF): $(KERNEL_OUT)/kernel/ksrv/dispatch.o
-include $(KERNEL_OUT)/kernel/ksrv/dispatch.d

$(eval $(call bss_server,sched,servers/sched/sched.c))

# test servers: t_sched (an exec server) uses sched as its thread factory
$(eval $(call bss_server,t_sched,tests/sched/srv/t_sched.c))
