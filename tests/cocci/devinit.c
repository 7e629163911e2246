static const char *names[] __devinitdata = { "foo", "bar" };

static int __devinit foo_probe(struct pci_dev *pdev, const struct pci_device_id *ent)
{
	return foo_setup(pdev, names[ent->driver_data]);
}

static void __devexit foo_remove(struct pci_dev *pdev)
{
	foo_teardown(pdev);
}

static struct pci_driver foo_driver = {
	.name		= "foo",
	.probe		= foo_probe,
	.remove		= __devexit_p(foo_remove),
};
