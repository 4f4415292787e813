/**
 * `VmSpace` (FG4.15; 232e62b `aster_frame::mm::space`): a user address space over a
 * `PageTable<UserMode>` — `new`, `activate`, `map` (can_overwrite), `queryRange` / `query`,
 * `unmap`, `clear`, `protect`, `forkCopyOnWrite` — flushing through the FG4.2 API (`mm/tlb`) on
 * the CPUs it is active on, and a page-fault hook (demand paging, copy-on-write) with counters.
 *
 * Verification Target 13 is kept: `unmap`, `clear`, an overwriting `map` and a copy-on-write
 * fault flush the TLBs before releasing a frame, and in checking mode every frame freed is
 * checked against every CPU's TLB (`InvariantViolation` 13). `unmapOrder: 'free-then-flush'`
 * reproduces 232e62b's order as a test double.
 *
 * Findings: SPA-01 (switch: a partial protect failure leaves changed entries unflushed; fixed
 * rolls back or flushes, stated in {@link ProtectResult}); SPA-02 (`VmMapOptions.align` unused:
 * not observable, so documented in `vm-map-options.ts`, no switch); MOM-01/MOM-02 act through
 * the flushes. Simplifications: flat area list; flush targets are the CPUs the space is active on.
 * @module
 */
export * from './errors.js';
export * from './env.js';
export * from './vm-area.js';
export * from './vm-map-options.js';
export * from './fault-counters.js';
export * from './flush-stats.js';
export * from './protect-result.js';
export * from './query-iter.js';
export * from './target13.js';
export * from './vm-space.js';
