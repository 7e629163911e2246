static void foo_show(struct pci_dev *pdev, struct net_device *dev)
{
	DECLARE_MAC_BUF(mac);

	printk(KERN_INFO "%s: %*s at %lx, %s, IRQ %d\n", dev->name, 4, "foo",
	       dev->base_addr, print_mac(mac, dev->dev_addr), dev->irq);
	dev_info(&pdev->dev, "%d%% ready, address %-18s\n", 100,
		 print_mac(mac, dev->perm_addr));
}
