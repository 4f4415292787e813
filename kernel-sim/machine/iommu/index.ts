/**
 * VT-d DMA-remapping hardware (legacy mode): registers, capabilities, entry layouts, the walk,
 * the context cache and IOTLB, fault recording and the unit itself.
 * @module
 */
export * from './registers.js';
export * from './capability.js';
export * from './fault-reason.js';
export * from './entries.js';
export * from './errors.js';
export * from './msi-sink.js';
export * from './malfunction.js';
export * from './dma-cost-model.js';
export * from './translation-walk.js';
export * from './context-cache.js';
export * from './iotlb.js';
export * from './fault-recorder.js';
export * from './dma-remapping-unit.js';
export * from './vtd-table-writer.js';
export * from './walk-trace.js';
export * from './fault-trace.js';
