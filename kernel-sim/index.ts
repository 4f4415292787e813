/**
 * kernel-sim's package entry (`import … from 'kernel-sim'`): booting the kernel model
 * (`bootKernel`; `dmaEnv` with its IOMMU and devices), finding IDs and the typed errors. Each layer has its own entry, as the folders stand:
 * `kernel-sim/boot`, `kernel-sim/mm` (and `kernel-sim/mm/frame`, `…/page-table`, …),
 * `kernel-sim/machine`, `kernel-sim/sync`, `kernel-sim/workloads`, `kernel-sim/audit` (and
 * `kernel-sim/audit/findings`, `…/stress`), `kernel-sim/sweep` (`…/sweep/analysis` for notebooks),
 * `kernel-sim/metrics`, `kernel-sim/experiments`, `kernel-sim/viz`, `kernel-sim/report`.
 * @module
 */
export * from './kernel/index.js';
export * from './bugs/index.js';
export * from './util/errors.js';
