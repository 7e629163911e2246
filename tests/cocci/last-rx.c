static void foo_rx_one(struct net_device *dev, struct sk_buff *skb)
{
	skb->protocol = eth_type_trans(skb, dev);
	dev->last_rx = jiffies;
	netif_receive_skb(skb);
}
