static int __init foo_init(void)
{
	return pci_module_init(&foo_driver);
}
