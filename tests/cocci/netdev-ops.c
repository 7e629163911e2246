/* A 2.6.28-style driver setting its callbacks on the net_device. */
static int foo_open(struct net_device *dev);
static int foo_close(struct net_device *dev);
static int foo_xmit(struct sk_buff *skb, struct net_device *dev);
static void foo_set_rx_mode(struct net_device *dev);
static void foo_timeout(struct net_device *dev);
#ifdef CONFIG_NET_POLL_CONTROLLER
static void foo_poll_controller(struct net_device *dev);
#endif

static int foo_probe(struct pci_dev *pdev, const struct pci_device_id *ent)
{
	struct net_device *dev = alloc_etherdev(sizeof(struct foo_priv));

	if (!dev)
		return -ENOMEM;
	dev->hard_start_xmit = foo_xmit;
	dev->open = foo_open;
	dev->stop = foo_close;
	dev->set_multicast_list = foo_set_rx_mode;
	dev->tx_timeout = foo_timeout;
	dev->watchdog_timeo = HZ;
#ifdef CONFIG_NET_POLL_CONTROLLER
	dev->poll_controller = foo_poll_controller;
#endif
	return register_netdev(dev);
}
