/**
 * The page-fault hook of a VmSpace: demand paging and copy-on-write, so workloads can fault.
 *
 * - Not present, in a declared area: a zeroed frame is mapped with the area's flags (no flush:
 *   x86 caches no not-present entries, and the #PF dropped the address's entries).
 * - Write to a present read-only page of a writable area (copy-on-write after a fork): if
 *   another owner still holds the frame it is copied and the copy mapped writable; otherwise
 *   the entry is made writable in place. The address is flushed before the old frame is
 *   released (Target 13).
 * - A write fault on an entry already writable is spurious (a stale, narrower TLB entry): flush.
 * - Anything else is a {@link SegmentationFault}.
 * In checking mode a user access that the TLB served with a translation the tables no longer
 * give (the MMU's stale detector records it) throws {@link StaleTranslationError}: a missing
 * flush is reported where it is exploited (SPA-01), not only counted.
 * Simplification: areas are a flat list on the VmSpace, not aster-nix's Vmar tree.
 * @module
 */
import { ACCESS_USER, PageFault, accessBits, type Access, type CpuState, type StaleTranslation, type Translation } from '../../machine/index.js';
import { PageFlags, PrivilegedPageFlags } from '../page-table/index.js';
import { SegmentationFault, StaleTranslationError, VmSpaceError } from './errors.js';
import { faultField, type FaultKind } from './fault-counters.js';
import { releaseFrames } from './target13.js';
import { areaOf } from './vm-area.js';
import type { VmSpace } from './vm-space.js';

const PAGE = 4096n;

/** Resolves `fault` taken by `cpu` in `space`, counting it by kind. */
export function handlePageFault(space: VmSpace, cpu: CpuState, fault: PageFault): FaultKind {
  let kind: FaultKind;
  try {
    kind = resolve(space, fault);
  } catch (e) {
    if (e instanceof SegmentationFault) space.faults.segv++;
    throw e;
  }
  space.faults[faultField(kind)]++;
  return kind;
}

/** A user access through the MMU, resolving faults with the hook (at most 3 tries). */
export function accessWithFaults(space: VmSpace, cpu: CpuState, va: bigint, access: Access): Translation {
  const bits = accessBits(access) | ACCESS_USER;
  const stale = space.env.mmu.stale;
  for (let tries = 0; ; tries++) {
    try {
      const seen = stale.count;
      const t = space.env.mmu.translate(cpu, va, bits);
      // Checking mode: a TLB hit the tables no longer allow (the detector's record) is reported.
      if (space.check && stale.count > seen) reportStale(stale.records[stale.records.length - 1]);
      return t;
    } catch (e) {
      if (!(e instanceof PageFault) || tries >= 2) throw e;
      handlePageFault(space, cpu, e);
    }
  }
}

function resolve(space: VmSpace, fault: PageFault): FaultKind {
  const va = fault.linearAddress;
  const page = va - (va % PAGE);
  const area = areaOf(space.areas, va);
  if (area === undefined) throw new SegmentationFault(va, 'no area declared here');
  const writable = (area.flags & PageFlags.W) !== 0;
  if (fault.write && !writable) throw new SegmentationFault(va, 'write to a read-only area');
  const range = { start: page, end: page + PAGE };
  if (!fault.present) {
    const frame = space.env.frames.allocSingle({ zeroed: true });
    if (frame === null) throw new VmSpaceError('NoMemory', 'page fault', 'no frame for demand paging');
    const c = space.pt.cursorMut(range.start, range.end);
    try {
      c.map(frame, { flags: area.flags, cache: 'Writeback', privFlags: PrivilegedPageFlags.USER });
    } finally {
      c.drop();
    }
    space.env.mmu.noteTableWrite('page fault: demand-zero');
    return 'demand-zero';
  }
  if (!fault.write) throw new SegmentationFault(va, 'protection fault on a read');
  const [old] = space.mappedFrames(range);
  const cur = space.pt.query(page);
  if (old === undefined || cur === null) throw new SegmentationFault(va, 'protection fault on an unmapped page');
  if ((cur.prop.flags & PageFlags.W) !== 0) {
    old.drop();
    space.flushRange(range);
    return 'spurious';
  }
  const prop = { ...cur.prop, flags: cur.prop.flags | PageFlags.W };
  let kind: FaultKind;
  if (old.page.count() <= 2) {
    // Only the table and our handle: nobody else shares the frame.
    space.pt.protect(range, (p) => { p.flags |= PageFlags.W; });
    kind = 'cow-reuse';
  } else {
    const copy = space.env.frames.allocSingle();
    if (copy === null) {
      old.drop();
      throw new VmSpaceError('NoMemory', 'page fault', 'no frame for copy-on-write');
    }
    const mem = space.env.ctx.memory;
    mem.writeBytes(copy.startPaddr(), mem.readBytes(old.startPaddr(), 4096));
    const c = space.pt.cursorMut(range.start, range.end);
    try {
      c.map(copy, prop);
    } finally {
      c.drop();
    }
    kind = 'cow-copy';
  }
  space.env.mmu.noteTableWrite(`page fault: ${kind}`);
  space.flushRange(range);
  const from = space.target13Violations.length;
  releaseFrames([old], space.env.cpus, space.check, `page fault: ${kind}`, space.target13Violations);
  space.reportTarget13(`page fault: ${kind}`, from);
  return kind;
}

function reportStale(r: StaleTranslation | undefined): void {
  if (r === undefined || r.kind === 'rights-widened') return;
  throw new StaleTranslationError(r);
}
