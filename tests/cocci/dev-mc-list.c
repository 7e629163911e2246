static void foo_set_rx_mode(struct net_device *dev)
{
	u32 filter[2] = { 0, 0 };
	struct dev_mc_list *mc;
	int i;

	if (dev->mc_count > 64) {
		foo_all_multi(dev);
		return;
	}
	for (i = 0, mc = dev->mc_list; mc && i < dev->mc_count; i++, mc = mc->next) {
		int bit = ether_crc(ETH_ALEN, mc->dmi_addr) >> 26;

		filter[bit >> 5] |= 1 << (bit & 31);
	}
	foo_write_filter(dev, filter);
}

/* 2.6.34: the iterator already, over the old list entries */
static void bar_set_rx_mode(struct net_device *dev)
{
	struct dev_mc_list *mclist;

	netdev_for_each_mc_addr(mclist, dev)
		bar_add_filter(dev, mclist->dmi_addr);
}
