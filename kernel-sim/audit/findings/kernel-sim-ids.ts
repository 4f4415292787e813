/**
 * kernel-sim's own finding IDs (audited behaviour of 232e62b that the audit does not list), in
 * the catalogue's shape; their sources are in `bugs/finding-id.ts` (`EXTRA_FINDINGS`).
 * @module
 */
import { EXTRA_FINDINGS, type EXTRA_FINDING_IDS } from '../../bugs/index.js';
import type { SeedFinding } from './types.js';

const own = (id: (typeof EXTRA_FINDING_IDS)[number], group: SeedFinding['group'], category: string, location: string): SeedFinding => ({
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

/** MPA-01, BSA-01, UNM-01, RTL-01, and the FG5 ones: SLP-01, FCL-01, FRW-01, FPD-01, IOT-01, DID-01. */
export const KERNEL_SIM_FINDINGS: readonly SeedFinding[] = [
  own('MPA-01', 'FG4', 'Logical Issue', 'framework/aster-frame/src/mm/page/meta.rs (meta::init, MAX_PADDR)'),
  own('BSA-01', 'FG2', 'External Dependency', 'buddy_system_allocator 0.9.0 src/frame.rs (dealloc_power_of_two)'),
  own('UNM-01', 'FG4', 'Logical Issue', 'framework/aster-frame/src/mm/page_table/cursor.rs (CursorMut::unmap)'),
  own('RTL-01', 'FG2', 'Logical Issue', 'framework/aster-frame/src/mm/page/allocator.rs (alloc, alloc_contiguous: rounding tails)'),
  own('SLP-01', 'FG5', 'Logical Issue', 'framework/aster-frame/src/arch/x86/iommu/second_stage.rs (non-leaf entries)'),
  own('FCL-01', 'FG5', 'Logical Issue', 'framework/aster-frame/src/arch/x86/iommu/fault.rs (clearing F and PFO)'),
  own('FRW-01', 'FG5', 'Logical Issue', 'framework/aster-frame/src/arch/x86/iommu/fault.rs (the record loop)'),
  own('FPD-01', 'FG5', 'Logical Issue', 'framework/aster-frame/src/arch/x86/iommu/context_table.rs (get_or_create_page_table)'),
  own('IOT-01', 'FG5', 'Logical Issue', 'framework/aster-frame/src/arch/x86/iommu/mod.rs (iommu::unmap); upstream ostd/src/arch/x86/iommu/dma_remapping/mod.rs (unmap)'),
  own('DID-01', 'FG5', 'Logical Issue', 'framework/aster-frame/src/arch/x86/iommu/context_table.rs (get_or_create_page_table: the DID of the entry)'),
];
