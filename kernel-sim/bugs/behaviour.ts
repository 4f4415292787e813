/**
 * What each finding ID does in kernel-sim: a switch (`--bugs` selects 232e62b's code and the
 * behaviour changes), static (a code-level finding: nothing a run can observe differs), or not
 * modelled yet. {@link bugSet} accepts only switches; the findings catalogue (`audit/findings/`)
 * gives each switch a reproduction that shows the difference.
 *
 * Work that models a finding changes its entry here to `{ kind: 'switch' }` (or to `static` with
 * the reason and place) and adds its reproduction under `audit/findings/` (FG5's in `fg5/`, see
 * that folder's index); the catalogue refuses a switch without a reproduction and a reproduction
 * without a switch. An ID not modelled yet is `{ kind: 'not-modelled', reason }`.
 * @module
 */
import type { FindingId } from './finding-id.js';

/** How a finding is present in the model. */
export type Behaviour =
  | { readonly kind: 'switch' }
  | { readonly kind: 'static'; readonly reason: string; readonly place: string }
  | { readonly kind: 'not-modelled'; readonly reason: string };

const SWITCH: Behaviour = Object.freeze({ kind: 'switch' });
const st = (reason: string, place: string): Behaviour => Object.freeze({ kind: 'static', reason, place });

/** Every finding ID's behaviour in kernel-sim. */
export const BEHAVIOUR: Readonly<Record<FindingId, Behaviour>> = Object.freeze({
  'MEM-01': SWITCH,
  'ALO-01': SWITCH,
  'ALO-02': SWITCH,
  'ALO-04': SWITCH,
  'HEP-01': SWITCH,
  'HEP-02': SWITCH,
  'HEP-03': SWITCH,
  'BOO-01': SWITCH,
  'BOO-02': SWITCH,
  'BOO-03': st('the 256 KiB boot stack is placed as boot.S places it, but no code runs on it, so nothing can overflow it', 'kernel-sim/mm/page-table/boot-s.ts (BOOT_STACK_SIZE)'),
  'BOO-04': SWITCH,
  'CUR-01': st('level_down calls pte_index() once more than needed; the index and the walk are the same either way', 'kernel-sim/mm/page-table/cursor.ts (levelDown)'),
  'CUR-02': st("map()'s needless `continue` and `level` assignment do not change what it maps", 'kernel-sim/mm/page-table/cursor-mut.ts (map)'),
  'CUR-03': SWITCH,
  'CUR-06': SWITCH,
  'CUR-07': st('where leak_root_guard() is implemented (Cursor or CursorMut) is API shape, not behaviour', 'kernel-sim/mm/page-table/cursor-mut.ts (leakRootGuard)'),
  'IOV-01': SWITCH,
  'KSP-01': SWITCH,
  'KSP-02': SWITCH,
  'MEA-01': SWITCH,
  'MOL-01': st("make_shared_tables' extra condition skips root entries that are absent at its one call site anyway", 'kernel-sim/mm/page-table/page-table.ts (makeSharedTables)'),
  'MOM-01': SWITCH,
  'MOM-02': SWITCH,
  'MOM-03': st('parse_flags! panics on an empty mask (ilog2(0)), but no call site at 232e62b passes one', 'kernel-sim/mm/page-table/pte.ts (parseFlags)'),
  'MOM-04': SWITCH,
  'MOP-01': st("a raw pointer cast between MetaSlot and its _inner is Rust memory-safety style; the model's slots are typed arrays", 'kernel-sim/mm/page/meta/meta-store.ts'),
  'MOP-02': SWITCH,
  'NOE-01': st("on_drop's frame deallocation is moved behind a function for encapsulation; the same frames are freed", 'kernel-sim/mm/page-table/context.ts (onDrop)'),
  'NOE-02': st("inc_ref's needless stack handles are the code MOP-02 switches; its only observable difference is MOP-02's", 'kernel-sim/mm/page-table/raw-node.ts (cloneShallow)'),
  'NOE-03': SWITCH,
  'NOE-04': st("set_child_pt's flag matters only over a present slot, which among its callers only split_untracked_huge sets (always true)", 'kernel-sim/mm/page-table/node.ts (setChildPt)'),
  'SPA-01': SWITCH,
  'SPA-02': st('VmMapOptions.align is never read at 232e62b, nor here', 'kernel-sim/mm/vm-space/vm-map-options.ts'),
  'CON-01': SWITCH,
  'CON-02': SWITCH,
  'CON-03': st('the get_mut(&address).unwrap() after the insert only borrows the table just inserted: it reads and writes nothing', 'kernel-sim/mm/iommu/root-table.ts (specifyDevicePageTable)'),
  'CON-04': SWITCH,
  'DME-01': SWITCH,
  'FAU-01': SWITCH,
  'FAU-02': SWITCH,
  'FAU-03': SWITCH,
  'MOI-01': SWITCH,
  'MOI-02': SWITCH,
  'MOI-03': SWITCH,
  'MOI-04': SWITCH,
  'REM-01': SWITCH,
  'REM-02': SWITCH,
  'REM-03': st('volatile 0.4.5 lets LLVM add spurious reads; the model\'s register accesses are exact MMIO calls with no compiler between them', 'kernel-sim/mm/iommu/remapping.ts'),
  'MPA-01': SWITCH,
  'BSA-01': SWITCH,
  'UNM-01': SWITCH,
  'RTL-01': SWITCH,
  'SLP-01': SWITCH,
  'FCL-01': SWITCH,
  'FRW-01': SWITCH,
  'FPD-01': SWITCH,
  'IOT-01': SWITCH,
  'DID-01': SWITCH,
});

/** The behaviour of finding `id`. */
export function behaviourOf(id: FindingId): Behaviour {
  return BEHAVIOUR[id];
}

/** The IDs whose audited behaviour is a switch (what `--bugs` accepts), in catalogue order. */
export function modelledFindingIds(): FindingId[] {
  return (Object.keys(BEHAVIOUR) as FindingId[]).filter((id) => BEHAVIOUR[id].kind === 'switch');
}
