static void foo_tx_timeout(struct net_device *dev);

static const struct net_device_ops foo_netdev_ops = {
	.ndo_tx_timeout		= foo_tx_timeout,
};

static void foo_tx_timeout(struct net_device *dev)
{
	foo_reset(netdev_priv(dev));
}
