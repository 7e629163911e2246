# The dispatch service (kernel/ksrv/dispatch.c), the scheduler server built on
# it (servers/sched/) and its tests (tests/sched/). See docs/kernel-services.md.

$(eval $(call bss_server,sched,servers/sched/sched.c))

# test servers: t_sched (an exec server) uses sched as its thread factory
$(eval $(call bss_test_server,t_sched,tests/sched/srv/t_sched.c))
