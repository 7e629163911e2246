/// Replace the PCI DMA wrappers by the generic DMA API.
/// pci_set_dma_mask(), pci_map_single(), pci_alloc_consistent(),
/// PCI_DMA_TODEVICE and the rest of include/linux/pci-dma-compat.h only
/// passed &pdev->dev to the dma_* calls; drivers were converted (with a
/// semantic patch) through 5.x and Linux 5.18 removed the header. Each
/// wrapper becomes its dma_* call on &pdev->dev, each PCI_DMA_* direction
/// its DMA_* one, pci_alloc_consistent() a GFP_ATOMIC dma_alloc_coherent().
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# False positives: none: the wrappers are gone from Linux.
// Where: PCI_DMA_|pci_set_(consistent_)?dma_mask|pci_(un)?map_|pci_(alloc|free|zalloc)_consistent|pci_dma_
// Checked on: tests/cocci/pci-dma-compat.c

virtual patch
virtual report

@depends on patch@
expression P, M, A, S, D, H, V;
@@
(
- pci_set_dma_mask(P, M)
+ dma_set_mask(&P->dev, M)
|
- pci_set_consistent_dma_mask(P, M)
+ dma_set_coherent_mask(&P->dev, M)
|
- pci_map_single(P, A, S, D)
+ dma_map_single(&P->dev, A, S, D)
|
- pci_unmap_single(P, A, S, D)
+ dma_unmap_single(&P->dev, A, S, D)
|
- pci_map_page(P, A, V, S, D)
+ dma_map_page(&P->dev, A, V, S, D)
|
- pci_unmap_page(P, A, S, D)
+ dma_unmap_page(&P->dev, A, S, D)
|
- pci_dma_mapping_error(P, A)
+ dma_mapping_error(&P->dev, A)
|
- pci_alloc_consistent(P, S, H)
+ dma_alloc_coherent(&P->dev, S, H, GFP_ATOMIC)
|
- pci_zalloc_consistent(P, S, H)
+ dma_alloc_coherent(&P->dev, S, H, GFP_ATOMIC)
|
- pci_free_consistent(P, S, V, H)
+ dma_free_coherent(&P->dev, S, V, H)
|
- pci_dma_sync_single_for_cpu(P, H, S, D)
+ dma_sync_single_for_cpu(&P->dev, H, S, D)
|
- pci_dma_sync_single_for_device(P, H, S, D)
+ dma_sync_single_for_device(&P->dev, H, S, D)
)

@depends on patch@
@@
(
- PCI_DMA_BIDIRECTIONAL
+ DMA_BIDIRECTIONAL
|
- PCI_DMA_TODEVICE
+ DMA_TO_DEVICE
|
- PCI_DMA_FROMDEVICE
+ DMA_FROM_DEVICE
|
- PCI_DMA_NONE
+ DMA_NONE
)

@q depends on report@
expression P, M;
position p;
@@
(
  PCI_DMA_TODEVICE@p
|
  PCI_DMA_FROMDEVICE@p
|
  PCI_DMA_BIDIRECTIONAL@p
|
  pci_set_dma_mask@p(P, M)
|
  pci_set_consistent_dma_mask@p(P, M)
)

@script:python depends on report@
p << q.p;
@@
coccilib.report.print_report(p[0], "PCI DMA wrapper (removed in 5.18)")
