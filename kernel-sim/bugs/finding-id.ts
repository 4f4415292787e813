/**
 * The identifiers of the audit's 38 findings and 10 optimizations (48 IDs: the seed's "Findings"
 * table and its "Optimizations" list),
 * plus IDs of our own for audited behaviours the report does not list (each says where it
 * comes from). A finding ID in a {@link BugSet} selects the audited behaviour of commit 232e62b.
 * @module
 */

/**
 * Every finding and optimization ID of the audit (48).
 *
 * Code-level FG5 findings with no switch (nothing observable to change):
 * - CON-03: the `get_mut(&address).unwrap()` after the insert in `specify_device_page_table` only
 *   borrows the table it just inserted; it reads and writes nothing, so there is no behaviour to select.
 * - REM-03: the unsoundness of `volatile` 0.4.5 lets LLVM add spurious reads; the model's register
 *   accesses are exact MMIO calls with no compiler between them, so there is no spurious read to model.
 */
export const AUDIT_FINDING_IDS = [
  'ALO-01', 'ALO-02', 'ALO-04',
  'BOO-01', 'BOO-02', 'BOO-03', 'BOO-04',
  'CON-01', 'CON-02', 'CON-03', 'CON-04',
  'CUR-01', 'CUR-02', 'CUR-03', 'CUR-06', 'CUR-07',
  'DME-01',
  'FAU-01', 'FAU-02', 'FAU-03',
  'HEP-01', 'HEP-02', 'HEP-03',
  'IOV-01',
  'KSP-01', 'KSP-02',
  'MEA-01', 'MEM-01',
  'MOI-01', 'MOI-02', 'MOI-03', 'MOI-04',
  'MOL-01',
  'MOM-01', 'MOM-02', 'MOM-03', 'MOM-04',
  'MOP-01', 'MOP-02',
  'NOE-01', 'NOE-02', 'NOE-03', 'NOE-04',
  'REM-01', 'REM-02', 'REM-03',
  'SPA-01', 'SPA-02',
] as const;

/**
 * IDs of audited behaviours that the audit does not list, found while modelling 232e62b
 * against real inputs. Each is described, with its source, in {@link EXTRA_FINDINGS}.
 */
export const EXTRA_FINDING_IDS = ['MPA-01', 'BSA-01', 'UNM-01', 'RTL-01', 'SLP-01', 'FCL-01', 'FRW-01', 'FPD-01', 'IOT-01', 'DID-01'] as const;

/** What each of kernel-sim's own finding IDs selects, and where it comes from. */
export const EXTRA_FINDINGS: Readonly<Record<(typeof EXTRA_FINDING_IDS)[number], { title: string; source: string }>> = {
  'MPA-01': {
    title: 'MAX_PADDR taken over every memory region, not only usable ones',
    source:
      'FG4.3.2 (meta::init at 232e62b) takes the maximum end of all boot memory regions; a reserved window near 1 TiB ' +
      "(QEMU's, on every SeaBIOS capture) then sizes the metadata for 1 TiB on a small guest. Later Asterinas takes the " +
      'maximum over Usable regions only (commit e040dda7a4172d98466f1f24b23dedd2c2d34836, "Ignore unusable regions for `max_paddr`", 2025-04-01). Default: the later behaviour; MPA-01 selects the audited formula.',
  },
  'BSA-01': {
    title: 'buddy_system_allocator drops a freed block that merges into the top order',
    source:
      'buddy_system_allocator 0.9.0 (Cargo.lock at 232e62b says version = "0.9.0"; the seed\'s dependency table says ' +
      'v0.9.1), the crate Asterinas wraps as FrameAllocator<32>: src/frame.rs dealloc_power_of_two loops while ' +
      'current_class < free_list.len(), so a block whose buddy is free at the top order is merged and never inserted. ' +
      'The crate fixed the same loop for its Heap only (a51e890, "Fix incorrect attempted merging at maximum order", ' +
      'released in 0.9.1); frame.rs keeps it in 0.9.1. Default: merging stops at the top order; BSA-01 reproduces the loss.',
  },
  'UNM-01': {
    title: 'CursorMut::unmap from an unaligned address leaves the rest of the range mapped',
    source:
      'page_table/cursor.rs at 232e62b: unmap breaks out at an absent entry when va + page_size(level) > end; for an ' +
      'unaligned va the entry can end before end, so the mappings in the following entries stay (found by kernel-sim\'s ' +
      'property tests against a flat model). Default: stop only when the absent entry itself reaches end.',
  },
  'RTL-01': {
    title: 'The rounding tail of a non-power-of-two FrameVec or Segment is never freed',
    source:
      'mm/page/allocator.rs at 232e62b: alloc(n) and alloc_contiguous(n) take a 2^k block from FRAME_ALLOCATOR ' +
      '(buddy_system_allocator rounds n up) and make pages of the first n frames only; each page\'s drop calls ' +
      'dealloc(frame, 1), so frames n..2^k stay allocated with no owner (5,000 rounds of alloc(5) and drop strand 37 % ' +
      'of RAM; found by kernel-sim\'s stress harness, issue 12). Default: the tail is returned to the buddy at ' +
      'allocation and dealloc(start, n) frees exactly n frames; RTL-01 selects the leak.',
  },
  'SLP-01': {
    title: 'IOMMU second-level non-leaf entries carry no R/W bits: every translated DMA is denied',
    source:
      'arch/x86/iommu/second_stage.rs at 232e62b: PageTableEntry::new_pt writes the address alone. VT-d ANDs R/W over the ' +
      'levels, so a spec-exact unit denies every access (fault reason 5/6), and is_present (R|W) reads the entry as absent, ' +
      'so each map makes a new node and loses the old one. Fixed upstream by 7d0638958 ("Fix IOMMU permission check issue", ' +
      '2024-07-18), which sets R|W. Default: R|W; SLP-01 selects the audited encoding.',
  },
  'FCL-01': {
    title: 'The fault handler clears F and PFO by writing 0 to write-1-to-clear bits',
    source:
      'ostd/src/arch/x86/iommu/fault.rs (upstream, the FAU-02 fix): primary_fault_handler writes each record back with ' +
      'bit 127 = 0 and FSTS with PFO removed. F and PFO are RW1CS (VT-d spec 10.4.14, 10.4.9; QEMU and Linux write 1), so ' +
      'a spec-exact unit keeps both set: PPF never drops, no later fault interrupts, the ring fills and overflows. Default: ' +
      'write 1; FCL-01 selects the upstream writes (with FAU-02 fixed).',
  },
  'FRW-01': {
    title: 'The fault handler walks the records from FRI to the end of the array without wrapping',
    source:
      'ostd/src/arch/x86/iommu/fault.rs (upstream, the FAU-03 fix): the loop advances to FRI and stops at the last record. ' +
      'The unit writes records round-robin (VT-d spec 7.2.1; QEMU next = (next+1) % NFR), so pending records below FRI ' +
      'are left when the ring has wrapped. Default: wrap to 0 as Linux dmar_fault does; FRW-01 selects the upstream loop.',
  },
  'FPD-01': {
    title: 'Context entries made by ContextTable::get_or_create_page_table set FPD: faults of those devices are never recorded',
    source:
      'arch/x86/iommu/context_table.rs at 232e62b (and upstream): get_or_create_page_table writes `address | 3` (P and ' +
      'FPD = 1) while specify_device_page_table writes `| 1`. With per-device tables (the MOI-02 fix) every qualified ' +
      'fault of such a device is suppressed by a spec-exact unit. Default: FPD = 0; FPD-01 selects `| 3`.',
  },
  'IOT-01': {
    title: 'iommu::unmap never invalidates the IOTLB: a device keeps reaching the freed frame through a stale entry',
    source:
      'arch/x86/iommu/mod.rs at 232e62b (iommu::unmap -> RootTable::unmap -> ContextTable::unmap, which clears the ' +
      'second-level PTE and returns) and upstream ostd/src/arch/x86/iommu/dma_remapping/mod.rs (unmap, same path; ' +
      'at 604948581 ostd/src/mm/dma/util.rs unmap_dma_remap still says "FIXME: Flush IOTLBs to prevent any future DMA ' +
      'access to the frames"). Neither issues an IOTLB invalidation (VT-d spec 6.5: software must invalidate after ' +
      'changing a present entry), so the unit keeps translating the device address to the frame after it is freed and ' +
      'reallocated. Default: after the PTE is cleared, a page-selective IOTLB invalidation (IVA = daddr, AM 0; IOTLB = ' +
      'IVT | IIRG 3 | DID 0, waited for) on every programmed unit; IOT-01 selects no invalidation.',
  },
  'DID-01': {
    title: 'Context entries made by ContextTable::get_or_create_page_table all carry DID 0: devices with their own tables share IOTLB entries',
    source:
      'arch/x86/iommu/context_table.rs at 232e62b (and upstream dma_remapping/context_table.rs): get_or_create_page_table ' +
      'writes `address | 3 | 1 << 64`, AW 1 and DID 0, for every new table, while the IOTLB is tagged by domain id ' +
      '(VT-d spec 6.2.1, 9.3: entries with different second-level tables must use different DIDs). With per-device ' +
      'tables (the MOI-02 fix) a device then reaches, through an IOTLB entry another device\'s access filled, a page its ' +
      'own table does not map. Default: each table get_or_create_page_table makes gets a domain id of its own (1, 2, ...); ' +
      'DID-01 selects DID 0.',
  },
};

/** A finding ID: the audit's, or one of kernel-sim's own. */
export type FindingId = (typeof AUDIT_FINDING_IDS)[number] | (typeof EXTRA_FINDING_IDS)[number];

const ALL: ReadonlySet<string> = new Set<string>([...AUDIT_FINDING_IDS, ...EXTRA_FINDING_IDS]);

/** True when `id` names a known finding. */
export function isFindingId(id: string): id is FindingId {
  return ALL.has(id);
}
