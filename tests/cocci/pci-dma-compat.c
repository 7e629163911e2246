static int foo_dma_setup(struct pci_dev *pdev, struct foo_priv *fp)
{
	if (pci_set_dma_mask(pdev, DMA_BIT_MASK(32)) ||
	    pci_set_consistent_dma_mask(pdev, DMA_BIT_MASK(32)))
		return -EIO;
	fp->ring = pci_alloc_consistent(pdev, FOO_RING_BYTES, &fp->ring_dma);
	if (!fp->ring)
		return -ENOMEM;
	fp->buf_dma = pci_map_single(pdev, fp->buf, FOO_BUF, PCI_DMA_FROMDEVICE);
	if (pci_dma_mapping_error(pdev, fp->buf_dma)) {
		pci_free_consistent(pdev, FOO_RING_BYTES, fp->ring, fp->ring_dma);
		return -ENOMEM;
	}
	pci_dma_sync_single_for_cpu(pdev, fp->buf_dma, FOO_BUF, PCI_DMA_FROMDEVICE);
	pci_unmap_single(pdev, fp->buf_dma, FOO_BUF, PCI_DMA_TODEVICE);
	return 0;
}
