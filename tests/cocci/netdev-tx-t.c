static int foo_start_xmit(struct sk_buff *skb, struct net_device *dev);

static const struct net_device_ops foo_netdev_ops = {
	.ndo_start_xmit		= foo_start_xmit,
};

static int foo_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	if (foo_ring_full(dev))
		return NETDEV_TX_BUSY;
	foo_send(dev, skb);
	return NETDEV_TX_OK;
}
