static const struct net_device_ops foo_netdev_ops = {
	.ndo_open		= foo_open,
	.ndo_change_mtu		= eth_change_mtu,
	.ndo_validate_addr	= eth_validate_addr,
};
