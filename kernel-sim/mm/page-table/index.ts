/**
 * Page tables (seed FG4.2.5-4.2.7, FG4.10-4.12; `aster_frame::mm::page_table` at 232e62b): the
 * x86-64 PTE encoding of `PageProperty`, page-table nodes whose PTEs are bytes in machine memory
 * and whose lock, level and child count live in their `PageTablePageMeta`, raw and locked node
 * handles, `Cursor` / `CursorMut` with the root-to-leaf lock protocol, `PageTable` in User,
 * Kernel and Device modes, the software `page_walk`, and the Target 9-12 checks.
 *
 * Checking mode also keeps the seed's three views of each table — tree (the nodes), path (each
 * page's walk, read with the processor's bit layout) and flat (the mapping the operations'
 * contracts promise, `flat-view.ts`) — and checks their refinement (`refinement.ts`) over a
 * `CursorMut`'s range when it drops after a change, and over a whole table on request
 * (`PageTable.refinement`).
 *
 * Findings as switches: MOM-04 (PRESENT read as R: audited stores any property as present;
 * fixed refuses an unreadable one), NOE-03 (`overwrite_pte`'s flag from the new entry's kind vs
 * the slot's range), CUR-03 (cursor guards released root first), CUR-06 (map_pa's untracked
 * check per page vs for the whole range up front); MOP-02 acts through `inc_ref`. Not switches,
 * with the reason at their place: MOM-03 (`pte.ts`), NOE-02 (`raw-node.ts`), NOE-04 (`node.ts`),
 * CUR-01, CUR-07 (`cursor.ts`), CUR-02 (`cursor-mut.ts`).
 *
 * Found while modelling, not in the audit (each at its place in `cursor-mut.ts`):
 * - `unmap` from an unaligned address stops at an absent entry that ends before the range does,
 *   leaving the rest mapped: UNM-01 (kernel-sim's own ID) selects 232e62b's code, the default is the fix.
 * - Dropping a node of untracked pages (`unmap` of a whole node's range in the kernel's linear
 *   map, or `map_pa` of a huge page over it): `PageTablePageMeta::on_drop` would restore the
 *   untracked pages as frames; the model panics before the PTE changes.
 *
 * Simplifications (each also at its place): virtual page numbers as numbers in the cursor;
 * 48-bit kernel constants also under 5-level paging; cursor operations between `newSteps` and
 * `dropSteps` have no preemption points; debug_asserts are checked (as a debug kernel would).
 *
 * ```ts
 * const ctx = new PageTableContext(kernel.machine.memory, kernel.pages);
 * const pt = PageTable.empty(ctx, UserMode);
 * const c = pt.cursorMut(0x1000_0000n, 0x1001_0000n);
 * c.map(frame, pageProperty(PageFlags.RW));
 * c.drop();
 * pt.query(0x1000_0000n);   // { paddr, prop, level: 1 }
 * ```
 * @module
 */
export * from './paging-consts.js';
export * from './page-prop.js';
export * from './pte.js';
export * from './pte-vtd.js';
export * from './errors.js';
export * from './mode.js';
export * from './vaddr.js';
export * from './context.js';
export * from './node-lock.js';
export * from './child.js';
export * from './raw-node.js';
export * from './node.js';
export * from './invariants.js';
export * from './flat-view.js';
export * from './path-view.js';
export * from './refinement.js';
export * from './cursor.js';
export * from './cursor-mut.js';
export * from './page-walk.js';
export * from './page-table.js';
export * from './tree-walk.js';
