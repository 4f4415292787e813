/**
 * PCI functions that do DMA, the bus that routes it through the remapping units, and the
 * machine's DMA platform.
 * @module
 */
export * from './pci-location.js';
export * from './dma-bus.js';
export * from './pci-device.js';
export * from './block-device.js';
export * from './malicious-device.js';
export * from './dma-platform.js';
