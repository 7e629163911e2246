# The TCP server and its applications (issue 6; docs/tcp.md).
#
#   make tcp      build/servers/lwip-tcp.srv: glue + lwIP's TCP as ported by
#                 the kit (ported/lwip-tcp/manifest) + lwIP's support code
#
# lwip-tcp.srv is not part of "all": it needs make upstream's lwIP tree
# (tests/tcp/tcp.test fetches it and builds this). The applications are
# native servers and are part of "all".

LWIP_TCP_SRV := $(BUILD)/servers/lwip-tcp.srv

.PHONY: tcp
tcp: $(LWIP_TCP_SRV)

TCP_APP_LIB := servers/net/apps/tcpapp.c
$(eval $(call net_server,discard,servers/net/apps/discard.c $(TCP_APP_LIB)))
$(eval $(call net_server,chargen,servers/net/apps/chargen.c $(TCP_APP_LIB)))
$(eval $(call net_server,tcpecho,servers/net/apps/tcpecho.c $(TCP_APP_LIB)))
$(eval $(call net_server,httpd,servers/net/apps/httpd.c $(TCP_APP_LIB)))
