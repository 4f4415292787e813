/**
 * `VmSpace::protect` with SPA-01 as a switch.
 *
 * SPA-01 audited (232e62b): `self.pt.protect(range, op)?` returns the page table's error early —
 * the entries changed before the failing page stay changed and `tlb_flush_addr_range` is never
 * reached, so CPUs keep the old, wider rights (the stale detector records them). Fixed: the
 * changed entries are rolled back to their saved properties (`protectRecovery: 'rollback'`, the
 * default; no flush needed since the table is as the TLBs knew it), or kept and the range
 * flushed (`'flush'`); the result says which.
 * @module
 */
import type { PageProperty } from '../page-table/index.js';
import { propEquals } from '../page-table/index.js';
import { newFlushStats } from './flush-stats.js';
import type { ProtectResult } from './protect-result.js';
import type { VaRange, VmSpace } from './vm-space.js';

/** Runs the protect of `space` over a validated `range`. */
export function protectSpace(space: VmSpace, range: VaRange, op: (p: PageProperty) => void): ProtectResult {
  const flush = newFlushStats();
  const saved = savedProps(space, range);
  const mmu = space.env.mmu;
  let error: Error;
  try {
    space.pt.protect(range, op);
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    error = e;
    mmu.noteTableWrite('VmSpace::protect (partial)');
    if (space.bugs.has('SPA-01')) return { ok: false, error, recovery: 'none', pagesChanged: changed(space, saved), flush };
    if (space.opts.protectRecovery === 'flush') {
      space.flushRange(range, flush);
      return { ok: false, error, recovery: 'flushed', pagesChanged: changed(space, saved), flush };
    }
    rollback(space, saved);
    mmu.noteTableWrite('VmSpace::protect (rolled back)');
    return { ok: false, error, recovery: 'rolled-back', pagesChanged: changed(space, saved), flush };
  }
  mmu.noteTableWrite('VmSpace::protect');
  space.flushRange(range, flush);
  return { ok: true, pagesChanged: changed(space, saved), flush };
}

interface Saved {
  readonly va: bigint;
  readonly prop: PageProperty;
}

function savedProps(space: VmSpace, range: VaRange): Saved[] {
  const out: Saved[] = [];
  for (const q of space.queryRange(range)) {
    if (q.kind !== 'Mapped') continue;
    out.push({ va: q.va, prop: { ...q.prop } });
    q.frame.drop();
  }
  return out;
}

function differs(space: VmSpace, s: Saved): boolean {
  const w = space.pt.query(s.va);
  return w === null || !propEquals(w.prop, s.prop);
}

function changed(space: VmSpace, saved: readonly Saved[]): number {
  return saved.filter((s) => differs(space, s)).length;
}

// Restores each entry that differs from its saved property, one page at a time.
function rollback(space: VmSpace, saved: readonly Saved[]): void {
  for (const s of saved) {
    if (!differs(space, s)) continue;
    space.pt.protect({ start: s.va, end: s.va + 4096n }, (p) => {
      p.flags = s.prop.flags;
      p.cache = s.prop.cache;
      p.privFlags = s.prop.privFlags;
    });
  }
}
