static void foo_reset(struct foo_priv *fp)
{
	napi_disable(&fp->napi);
	synchronize_sched();
	foo_hw_reset(fp);
	synchronize_rcu_bh();
	napi_enable(&fp->napi);
}
