# The network stack as native servers (issue 4; docs/network.md): queue
# factory and packet pool, Ethernet distributor, IPv4 over Ethernet, routing,
# ICMP, UDP, applications, the TAP driver and the stack builder; the hosted
# TAP devices; make bench-stack.

# The hosted runtime's TAP devices and meminfo (kernel/hosted/tap.c).
HOSTED_SRCS += kernel/hosted/tap.c

NET_SERVERLIB_SRCS := serverlib/net/param.c serverlib/net/nstats.c
NET_NETLIB := $(BUILD)/netlib/libnetlib-srv.a

# $(eval $(call net_server,NAME,SOURCES)): a server linked with the helpers
# and the protocol library (netlib/).
define net_server
$(BUILD)/servers/$(1).srv: $(patsubst %.c,$(BUILD)/srv/%.o,$(2) $(NET_SERVERLIB_SRCS)) $(NET_NETLIB) \
		$(BUILD)/lib/libbss-server.a tools/mkserver $(BUILD)/bin/bss-inspect
	@mkdir -p $$(@D)
	BUILD=$(BUILD) tools/mkserver $$@ $(patsubst %.c,$(BUILD)/srv/%.o,$(2) $(NET_SERVERLIB_SRCS)) \
		$(NET_NETLIB)
ALL_SERVERS += $(BUILD)/servers/$(1).srv
endef

$(eval $(call bss_server,queue,servers/net/queue/queue.c))
$(eval $(call net_server,pktpool,servers/net/queue/pool.c))
$(eval $(call net_server,ethdist,servers/net/ethdist/ethdist.c))
$(eval $(call net_server,ipv4,$(addprefix servers/net/ipv4/,ipv4.c rx.c reasm.c tx.c txin.c held.c ep.c tick.c)))
$(eval $(call net_server,route,servers/net/route/route.c))
$(eval $(call net_server,icmp,servers/net/icmp/icmp.c))
$(eval $(call net_server,udp,servers/net/udp/udp.c))
$(eval $(call net_server,echo,servers/net/apps/echo.c))
$(eval $(call net_server,statsd,servers/net/apps/statsd.c))
$(eval $(call net_server,tapeth,servers/net/tapeth/tapeth.c))
$(eval $(call net_server,netboot,servers/net/boot/netboot.c servers/net/boot/supervise.c))
$(eval $(call net_server,benchgen,servers/net/benchgen/benchgen.c))

# Packets per second through the stack, by queue batch size (not in make check).
.PHONY: bench-stack
bench-stack: all
	tests/net/bench-stack.sh

# The queue server's descriptors, checked in the hosted runtime (tests/net/queue-desc.test).
$(eval $(call bss_test_server,t_queue,tests/net/srv/t_queue.c))
