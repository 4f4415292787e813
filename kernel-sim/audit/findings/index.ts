/**
 * The audit, executable: the findings catalogue (every finding and optimization of the seed and
 * kernel-sim's own IDs), a reproduction per switch (audited and fixed on the same input, with
 * what each observed and a verdict), static and not-modelled entries with their reasons, the
 * seed's summary counts, the 14 verification targets run live, and the detection matrix.
 *
 * ```ts
 * import { runAudit, runFinding } from './kernel-sim/audit/findings/index';
 * runFinding('MEM-01').observation!.verdict;   // 'reproduced'
 * runAudit().ok;                               // every verdict as the catalogue expects
 * ```
 *
 * FG5 (DMA and IOMMU) entries are "not modelled yet". To add one: a file `fg5/<id>.ts` exporting a
 * {@link Reproduction}, one line in `fg5/index.ts`'s `FG5_REPRODUCTIONS`, and the ID's entry in
 * `bugs/behaviour.ts` set to `{ kind: 'switch' }` (or `static` with reason and place). The
 * catalogue refuses a switch without a reproduction and a reproduction without a switch.
 * Detections measured by the hardening work are registered in `detection.ts`.
 * @module
 */
export * from './types.js';
export { catalogue, findingEntry, CatalogueError } from './catalogue.js';
export { runFinding, type FindingResult } from './run-finding.js';
export { detectionOf, DETECTIONS } from './detection.js';
export { runAudit, auditCounts, type AuditReport, type CountRow } from './run-audit.js';
export { runTargets, type TargetResult } from './targets.js';
export { SEED_SUMMARY } from './seed/summary.js';
// The measurements behind two of kernel-sim's own FG5 findings, for notebook 05.
export { iot01Rounds } from './fg5/iot-01.js';
export { did01Reads } from './fg5/did-01.js';
