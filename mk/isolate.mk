# Isolated servers (docs/isolation.md): the containment test's init server,
# run by tests/isolate/contain.test on the bare-metal kernel.
$(eval $(call bss_test_server,t_iso,tests/isolate/srv/t_iso.c))
# A network application that crashes on a datagram (tests/isolate/crash.test).
$(eval $(call bss_server,udpcrash,tests/isolate/srv/udpcrash.c))
# Protection domains (tests/isolate/domain.test): its init server.
$(eval $(call bss_test_server,t_dom,tests/isolate/srv/t_dom.c))
