static void foo_get_stats64(struct net_device *dev, struct rtnl_link_stats64 *s)
{
	struct foo_priv *fp = netdev_priv(dev);
	unsigned int start;

	do {
		start = u64_stats_fetch_begin_irq(&fp->syncp);
		s->rx_packets = fp->rx_packets;
	} while (u64_stats_fetch_retry_irq(&fp->syncp, start));
	do {
		start = u64_stats_fetch_begin_bh(&fp->tx_syncp);
		s->tx_packets = fp->tx_packets;
	} while (u64_stats_fetch_retry_bh(&fp->tx_syncp, start));
}
