static DEFINE_PCI_DEVICE_TABLE(foo_pci_tbl) = {
	{ PCI_DEVICE(0x1234, 0x5678) },
	{ }
};
