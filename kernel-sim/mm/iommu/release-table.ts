/**
 * Giving back device page tables (the fixes of CON-01 and CON-02): a table whose last handle
 * goes is first emptied of its mappings — they are untracked, so there is no frame to return,
 * only the entries to clear — and then dropped, which frees every node.
 *
 * 232e62b's drop of a `PageTable<DeviceMode>` that still maps pages reaches
 * `PageTablePageMeta::on_drop`, which refuses untracked leaves ("you cannot drop a page table
 * node that maps to untracked frames"): {@link dropAsRust} checks that first, so the panic
 * leaves every table as it was.
 * @module
 */
import { PAGE_SIZE } from '../../machine/index.js';
import type { PageTable } from '../page-table/index.js';
import { deviceMappings } from './device-mappings.js';

/** How many live handles each root in `tables` has among them. */
export function handlesPerRoot(tables: Iterable<PageTable>): Map<number, PageTable[]> {
  const by = new Map<number, PageTable[]>();
  for (const t of tables) {
    const r = t.rootPaddr();
    let l = by.get(r);
    if (l === undefined) by.set(r, (l = []));
    l.push(t);
  }
  return by;
}

/** True when `handles` are all the references to their root (dropping them frees the tree). */
export function isLastOwner(handles: readonly PageTable[]): boolean {
  const pt = handles[0]!;
  return pt.ctx.pages.meta.refCount(pt.rootPaddr() / PAGE_SIZE) === handles.length;
}

/**
 * Clears every mapping of the table (fixed CON-01/CON-02) page by page — an unmap of a whole
 * node's range would drop the node with its untracked leaves, which `on_drop` refuses — then
 * drops `handles`, the last of which frees every node.
 */
export function releaseTables(handles: readonly PageTable[]): void {
  if (handles.length === 0) return;
  const pt = handles[0]!;
  if (isLastOwner(handles)) {
    for (const m of deviceMappings(pt.ctx.memory, pt.rootPaddr(), pt.ctx.consts.nrLevels)) {
      const va = BigInt(m.daddr);
      pt.unmap({ start: va, end: va + BigInt(PAGE_SIZE) });
    }
  }
  for (const h of handles) h.drop();
}

/**
 * Drops `handles` as Rust's drop glue does at 232e62b.
 * @throws KernelPanic (nothing dropped) when the last handle goes while the table maps pages
 */
export function dropAsRust(handles: readonly PageTable[]): void {
  if (handles.length === 0) return;
  const pt = handles[0]!;
  if (isLastOwner(handles)) pt.ctx.refuseUntracked(pt.rootPaddr(), pt.ctx.consts.nrLevels);
  for (const h of handles) h.drop();
}
