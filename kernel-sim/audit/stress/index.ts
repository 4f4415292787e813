/**
 * Seeded stress workloads over the whole model (frames, reader/writer, page tables through
 * cursors, VmSpace on bare and kspace roots, the heap, DMA through the IOMMU; boots and
 * `iommu::init` bring-ups), each checked against a plain reference model in checking mode; {@link runStress} runs them, {@link detectionMatrix} runs every
 * switch alone through them.
 * @module
 */
export * from './workload.js';
export * from './run-stress.js';
export * from './detection-matrix.js';
export { stressKernel, stressRegions } from './stress-kernel.js';
