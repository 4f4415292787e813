/**
 * kernel-sim's own finding IDs (audited behaviour of 232e62b that the audit does not list), in
 * the catalogue's shape; their sources are in `bugs/finding-id.ts` (`EXTRA_FINDINGS`).
 * @module
 */
import { EXTRA_FINDINGS } from '../../bugs/index.js';
import type { SeedFinding } from './types.js';

const own = (id: 'MPA-01' | 'BSA-01' | 'UNM-01', group: SeedFinding['group'], category: string, location: string): SeedFinding => ({
  id,
  title: EXTRA_FINDINGS[id].title,
  category,
  severity: 'Unrated',
  status: 'kernel-sim',
  location,
  kind: 'kernel-sim',
  group,
  source: EXTRA_FINDINGS[id].source,
});

/** MPA-01, BSA-01, UNM-01. */
export const KERNEL_SIM_FINDINGS: readonly SeedFinding[] = [
  own('MPA-01', 'FG4', 'Logical Issue', 'framework/aster-frame/src/mm/page/meta.rs (meta::init, MAX_PADDR)'),
  own('BSA-01', 'FG2', 'External Dependency', 'buddy_system_allocator 0.9.0 src/frame.rs (dealloc_power_of_two)'),
  own('UNM-01', 'FG4', 'Logical Issue', 'framework/aster-frame/src/mm/page_table/cursor.rs (CursorMut::unmap)'),
];
