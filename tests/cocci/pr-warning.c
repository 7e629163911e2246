static void foo_check(struct foo_priv *fp)
{
	if (fp->errors > 10)
		pr_warning("foo: %d errors\n", fp->errors);
	else if (fp->errors)
		pr_warning("foo: some errors\n");
}
