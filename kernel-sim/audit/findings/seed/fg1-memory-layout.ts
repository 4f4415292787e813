/**
 * FG1 (Memory Layout Detection): the seed's findings and optimizations of this functional group, with the
 * ID, title, category, severity, status and location of each finding's header (PDF line-break
 * artifacts in locations removed). `source` is the line of the header in the seed text.
 * @module
 */
import type { SeedFinding } from '../types.js';

/** FG1's findings and optimizations, by ID. */
export const FG1_FINDINGS: readonly SeedFinding[] = [
  {
    id: 'MEM-01',
    title: 'Overlapped Usable Memory Regions Not Merged In `non_overlapping_regions_from()`',
    category: 'Logical Issue',
    severity: 'Major',
    status: 'Acknowledged',
    location: 'framework/aster-frame/src/boot/memory_region.rs: 156~163',
    kind: 'finding',
    group: 'FG1',
    source: 'seed, line 1688',
  },
];
