/**
 * FG3 (Heap Allocation): the seed's findings and optimizations of this functional group, with the
 * ID, title, category, severity, status and location of each finding's header (PDF line-break
 * artifacts in locations removed). `source` is the line of the header in the seed text.
 * @module
 */
import type { SeedFinding } from '../types.js';

/** FG3's findings and optimizations, by ID. */
export const FG3_FINDINGS: readonly SeedFinding[] = [
  {
    id: 'HEP-01',
    title: 'Starvation In SMP Environment',
    category: 'Logical Issue, Liveness',
    severity: 'Medium',
    status: 'Resolved',
    location: 'framework/aster-frame/src/mm/heap_allocator.rs: 68~86',
    kind: 'finding',
    group: 'FG3',
    source: 'seed, line 1866',
  },
  {
    id: 'HEP-02',
    title: 'Monotonic Increment Heap Size (Design)',
    category: 'Code Optimization',
    severity: 'Medium',
    status: 'Resolved',
    location: 'framework/aster-frame/src/mm/heap_allocator.rs: 88–93',
    kind: 'finding',
    group: 'FG3',
    source: 'seed, line 1900',
  },
  {
    id: 'HEP-03',
    title: 'Potential Deadlock In `rescue()` Due To Recursive Invocation',
    category: 'Logical Issue',
    severity: 'Major',
    status: 'Resolved',
    location: 'framework/aster-frame/src/mm/heap_allocator.rs: 96~138',
    kind: 'finding',
    group: 'FG3',
    source: 'seed, line 1657',
  },
];
