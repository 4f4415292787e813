/**
 * The seed's summary tables as stated: findings per severity with their statuses ("Vulnerability
 * Summary") and findings per functional group ("Functional Group ... Findings"). The group table
 * states 1 + 4 + 3 + 29 + 12 = 49 for 38 findings and 10 optimizations (48 IDs); the catalogue's
 * own count per group is shown beside it.
 * @module
 */

/** The seed's severity table. */
export const SEED_SEVERITY = Object.freeze([
  { severity: 'Critical', total: 2, resolved: 2, acknowledged: 0 },
  { severity: 'Major', total: 4, resolved: 3, acknowledged: 1 },
  { severity: 'Medium', total: 7, resolved: 5, acknowledged: 2 },
  { severity: 'Minor', total: 25, resolved: 12, acknowledged: 13 },
  { severity: 'Informational', total: 0, resolved: 0, acknowledged: 0 },
  { severity: 'Optimization', total: 10, resolved: 0, acknowledged: 10 },
] as const);

/** The seed's functional-group table. */
export const SEED_GROUPS = Object.freeze([
  { group: 'FG1', name: 'Memory Layout Detection', functions: 18, loc: 240, findings: 1, targets: 1 },
  { group: 'FG2', name: 'Frame Allocation', functions: 62, loc: 402, findings: 4, targets: 1 },
  { group: 'FG3', name: 'Heap Allocation', functions: 8, loc: 86, findings: 3, targets: 0 },
  { group: 'FG4', name: 'Memory Mapping', functions: 194, loc: 2247, findings: 29, targets: 11 },
  { group: 'FG5', name: 'DMA and IOMMU', functions: 91, loc: 903, findings: 12, targets: 1 },
] as const);

/** Both tables. */
export const SEED_SUMMARY = Object.freeze({ severity: SEED_SEVERITY, groups: SEED_GROUPS });
