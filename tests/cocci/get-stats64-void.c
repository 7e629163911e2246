static struct rtnl_link_stats64 *foo_get_stats64(struct net_device *dev,
						 struct rtnl_link_stats64 *stats);

static const struct net_device_ops foo_netdev_ops = {
	.ndo_get_stats64	= foo_get_stats64,
};

static struct rtnl_link_stats64 *foo_get_stats64(struct net_device *dev,
						 struct rtnl_link_stats64 *stats)
{
	struct foo_priv *fp = netdev_priv(dev);

	if (!fp->up)
		return stats;
	stats->rx_packets = fp->rx_packets;
	return stats;
}
