static void foo_setup(struct net_device *dev, struct foo_priv *fp)
{
	netif_napi_add(dev, &fp->rx_napi, foo_rx_poll, 64);
	netif_napi_add(dev, &fp->tx_napi, foo_tx_poll, NAPI_POLL_WEIGHT);
	netif_napi_add(dev, &fp->slow_napi, foo_slow_poll, 16);
}
