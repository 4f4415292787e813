/**
 * FG2 (Frame Allocation): the seed's findings and optimizations of this functional group, with the
 * ID, title, category, severity, status and location of each finding's header (PDF line-break
 * artifacts in locations removed). `source` is the line of the header in the seed text.
 * @module
 */
import type { SeedFinding } from '../types.js';

/** FG2's findings and optimizations, by ID. */
export const FG2_FINDINGS: readonly SeedFinding[] = [
  {
    id: 'ALO-01',
    title: 'Race Condition When IRQ Handler Allocate Pages',
    category: 'Logical Issue',
    severity: 'Major',
    status: 'Resolved',
    location: 'framework/aster-frame/src/mm/page/allocator.rs: 28, 44, 56, 78',
    kind: 'finding',
    group: 'FG2',
    source: 'seed, line 1628',
  },
  {
    id: 'ALO-02',
    title: 'Lack Of Fallback Mechanism For Discontiguous Page Allocation (Already Addressed In The Latest Commit)',
    category: 'Logical Issue',
    severity: 'Medium',
    status: 'Acknowledged',
    location: 'framework/aster-frame/src/mm/page/allocator.rs: 29',
    kind: 'finding',
    group: 'FG2',
    source: 'seed, line 1773',
  },
  {
    id: 'ALO-04',
    title: 'Improvement For Page Allocation Interface',
    category: 'Design Issue, Quality',
    severity: 'Minor',
    status: 'Resolved',
    location: 'framework/aster-frame/src/mm/page/allocator.rs: 35, 47, 61~64',
    kind: 'finding',
    group: 'FG2',
    source: 'seed, line 1996',
  },
];
