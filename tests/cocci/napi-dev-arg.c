static int foo_poll(struct napi_struct *napi, int budget)
{
	struct foo_priv *fp = container_of(napi, struct foo_priv, napi);
	int done = foo_rx(fp, budget);

	if (done < budget)
		netif_rx_complete(fp->dev, napi);
	return done;
}

static irqreturn_t foo_interrupt(int irq, void *arg)
{
	struct net_device *dev = arg;
	struct foo_priv *fp = netdev_priv(dev);

	if (netif_rx_schedule_prep(dev, &fp->napi))
		__netif_rx_schedule(dev, &fp->napi);
	else
		netif_rx_schedule(dev, &fp->napi);
	return IRQ_HANDLED;
}
