static const struct net_device_ops foo_netdev_ops = {
	.ndo_open		= foo_open,
	.ndo_set_multicast_list	= foo_set_rx_mode,
};
