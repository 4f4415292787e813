/**
 * The TLB flush API of FG4.2 (`aster_frame::arch::x86::mm` at 232e62b) on the emulated CPUs:
 * `tlbFlushAddr` (INVLPG), `tlbFlushAddrRange`, `tlbFlushAllExcludingGlobal` (CR3 reload),
 * `tlbFlushAllIncludingGlobal` (CR4.PGE toggle), `activatePageTable` (CR3 write). Each returns a
 * {@link FlushReport} read from the CPU's TLB counters and cost model.
 *
 * Findings as switches: MOM-01 (flush address checked as 48-bit canonical: a 57-bit address
 * panics; fixed checks the CPU's width and returns a typed error), MOM-02 (range flush steps per
 * 4 KiB over huge pages with no ceiling; fixed steps by page size, full flush past 33 pages).
 * Simplification: each call flushes one CPU; shootdowns are the caller's (see `tlbShootdown`).
 * @module
 */
export * from './flush-report.js';
export * from './flush-addr.js';
export * from './flush-all.js';
export * from './flush-range.js';
export * from './activate.js';
export * from './tlb-holds.js';
