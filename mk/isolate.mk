# Isolated servers (docs/isolation.md): the containment test's init server,
# run by tests/isolate/contain.test on the bare-metal kernel.
$(eval $(call bss_test_server,t_iso,tests/isolate/srv/t_iso.c))
