/// Move the net_device's function pointers into a net_device_ops table.
/// Before Linux 2.6.29 a driver set its callbacks one by one on the
/// net_device (dev->open = ..., dev->hard_start_xmit = ...); 2.6.29 moved
/// them into "const struct net_device_ops", reached through dev->netdev_ops
/// (the old fields went away in 2.6.31). The table is defined just before
/// the function that set the fields, named after the open function's prefix
/// (rtl8139_open -> rtl8139_netdev_ops), its fields in the order of Linux's
/// struct net_device_ops, and dev->netdev_ops = &table replaces the open
/// assignment. A poll_controller goes under #ifdef CONFIG_NET_POLL_CONTROLLER,
/// as it was in every driver. Names keep their 2.6.29 meaning
/// (ndo_set_multicast_list, ndo_do_ioctl): later rules take them further.
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# False positives: none known; a callback set in another function than
//# the open one stays an assignment, and the port then stops naming the
//# field (struct net_device has no member ...).
// Where: ->open\s*=
// Checked on: Linux 2.6.24 (8139too.c); tests/cocci/netdev-ops.c; a no-op on 3.1, 3.10, 4.4, 4.19, 5.4, 5.10, 5.10.262 (Debian), 6.1.192 (Debian), 6.12.117 (Debian), 7.2.13 (Debian)

virtual patch
virtual report

@r@
identifier fn, f;
struct net_device *D;
position p;
@@
fn(...) { <...
  D->open@p = f;
  ...> }

@script:python s depends on patch@
f << r.f;
ops;
@@
coccinelle.ops = f.rsplit("_", 1)[0] + "_netdev_ops" if "_" in f else f + "_netdev_ops"

@depends on patch@
identifier r.fn, r.f, s.ops;
struct net_device *D;
@@
+static const struct net_device_ops ops = {
+	.ndo_open = f,
+};
fn(...) { <...
- D->open = f;
+ D->netdev_ops = &ops;
  ...> }

@stop depends on patch@
identifier r.fn, f;
struct net_device *D;
@@
fn(...) { <...
- D->stop = f;
  ...> }

@depends on patch@
identifier s.ops, stop.f;
@@
struct net_device_ops ops = { ...,
+	.ndo_stop = f,
};

@hardstartxmit depends on patch@
identifier r.fn, f;
struct net_device *D;
@@
fn(...) { <...
- D->hard_start_xmit = f;
  ...> }

@depends on patch@
identifier s.ops, hardstartxmit.f;
@@
struct net_device_ops ops = { ...,
+	.ndo_start_xmit = f,
};

@setmulticastlist depends on patch@
identifier r.fn, f;
struct net_device *D;
@@
fn(...) { <...
- D->set_multicast_list = f;
  ...> }

@depends on patch@
identifier s.ops, setmulticastlist.f;
@@
struct net_device_ops ops = { ...,
+	.ndo_set_multicast_list = f,
};

@setmacaddress depends on patch@
identifier r.fn, f;
struct net_device *D;
@@
fn(...) { <...
- D->set_mac_address = f;
  ...> }

@depends on patch@
identifier s.ops, setmacaddress.f;
@@
struct net_device_ops ops = { ...,
+	.ndo_set_mac_address = f,
};

@validateaddr depends on patch@
identifier r.fn, f;
struct net_device *D;
@@
fn(...) { <...
- D->validate_addr = f;
  ...> }

@depends on patch@
identifier s.ops, validateaddr.f;
@@
struct net_device_ops ops = { ...,
+	.ndo_validate_addr = f,
};

@doioctl depends on patch@
identifier r.fn, f;
struct net_device *D;
@@
fn(...) { <...
- D->do_ioctl = f;
  ...> }

@depends on patch@
identifier s.ops, doioctl.f;
@@
struct net_device_ops ops = { ...,
+	.ndo_do_ioctl = f,
};

@setconfig depends on patch@
identifier r.fn, f;
struct net_device *D;
@@
fn(...) { <...
- D->set_config = f;
  ...> }

@depends on patch@
identifier s.ops, setconfig.f;
@@
struct net_device_ops ops = { ...,
+	.ndo_set_config = f,
};

@changemtu depends on patch@
identifier r.fn, f;
struct net_device *D;
@@
fn(...) { <...
- D->change_mtu = f;
  ...> }

@depends on patch@
identifier s.ops, changemtu.f;
@@
struct net_device_ops ops = { ...,
+	.ndo_change_mtu = f,
};

@txtimeout depends on patch@
identifier r.fn, f;
struct net_device *D;
@@
fn(...) { <...
- D->tx_timeout = f;
  ...> }

@depends on patch@
identifier s.ops, txtimeout.f;
@@
struct net_device_ops ops = { ...,
+	.ndo_tx_timeout = f,
};

@getstats depends on patch@
identifier r.fn, f;
struct net_device *D;
@@
fn(...) { <...
- D->get_stats = f;
  ...> }

@depends on patch@
identifier s.ops, getstats.f;
@@
struct net_device_ops ops = { ...,
+	.ndo_get_stats = f,
};

@vlanrxregister depends on patch@
identifier r.fn, f;
struct net_device *D;
@@
fn(...) { <...
- D->vlan_rx_register = f;
  ...> }

@depends on patch@
identifier s.ops, vlanrxregister.f;
@@
struct net_device_ops ops = { ...,
+	.ndo_vlan_rx_register = f,
};

@vlanrxaddvid depends on patch@
identifier r.fn, f;
struct net_device *D;
@@
fn(...) { <...
- D->vlan_rx_add_vid = f;
  ...> }

@depends on patch@
identifier s.ops, vlanrxaddvid.f;
@@
struct net_device_ops ops = { ...,
+	.ndo_vlan_rx_add_vid = f,
};

@vlanrxkillvid depends on patch@
identifier r.fn, f;
struct net_device *D;
@@
fn(...) { <...
- D->vlan_rx_kill_vid = f;
  ...> }

@depends on patch@
identifier s.ops, vlanrxkillvid.f;
@@
struct net_device_ops ops = { ...,
+	.ndo_vlan_rx_kill_vid = f,
};

@pollctl depends on patch@
identifier r.fn, f;
struct net_device *D;
@@
fn(...) { <...
- D->poll_controller = f;
  ...> }

@depends on patch@
identifier s.ops, pollctl.f;
@@
struct net_device_ops ops = { ...,
+#ifdef CONFIG_NET_POLL_CONTROLLER
+	.ndo_poll_controller = f,
+#endif
};

@script:python depends on report@
p << r.p;
@@
coccilib.report.print_report(p[0], "net_device callbacks set one by one: move them into a net_device_ops")
