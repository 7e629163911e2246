static int foo_poll(struct napi_struct *napi, int budget)
{
	struct foo_priv *fp = container_of(napi, struct foo_priv, napi);
	int work_done = foo_rx(fp, budget);

	if (work_done < budget) {
		__napi_complete(napi);
		foo_irq_on(fp);
	}
	return work_done;
}

static int bar_poll(struct napi_struct *napi, int budget)
{
	if (bar_rx(napi, budget) < budget) {
		__napi_complete(napi);
		return 0;
	}
	return budget;
}
