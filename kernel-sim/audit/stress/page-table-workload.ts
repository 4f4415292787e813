/**
 * Random map / unmap / protect / query on page tables through cursors, against a flat model
 * (virtual page -> physical address and R/W/X), in checking mode (Targets 9-12 and the three
 * views per operation; tree and page state swept at checkpoints):
 * - `page-table-user`: tracked 4 KiB frames in a UserMode table, in a window that crosses a
 *   1 GiB boundary (unaligned unmaps over absent entries: UNM-01's ground);
 * - `page-table-kernel`: the kernel linear map through `map_pa` (untracked, huge pages where
 *   aligned, split by later unmaps and protects), next to a VMALLOC start that is 1 MiB off a
 *   2 MiB boundary; a `map_pa` reaching VMALLOC must be refused before any change (CUR-06).
 * Now and then a property without R is asked: it must read back without R (MOM-04 reads
 * PRESENT as R).
 * @module
 */
import type { BugSet } from '../../bugs/index.js';
import type { Kernel } from '../../kernel/index.js';
import { KernelMode, PageFlags, PageTable, PageTableContext, UserMode, pageProperty } from '../../mm/page-table/index.js';
import { KernelPanic } from '../../util/errors.js';
import type { SeededRng } from '../../util/seeded-rng.js';
import { stressKernel, sweepPageState } from './stress-kernel.js';
import { expectClean, expectModel, thrown, type StressRun, type StressWorkload } from './workload.js';

const RWX = PageFlags.RWX;
const FLAGS = [PageFlags.R, PageFlags.RW, PageFlags.RX, PageFlags.RWX];
const PAGE = 4096;

interface Entry {
  readonly pa: number;
  flags: number;
}

// The flat model and its comparison with the table.
class Model {
  readonly map = new Map<number, Entry>();
  constructor(readonly name: string, readonly pt: PageTable, readonly baseVa: bigint, readonly pages: number) {}
  va(i: number): bigint {
    return this.baseVa + BigInt(i * PAGE);
  }
  compare(i: number): void {
    const w = this.pt.query(this.va(i));
    const m = this.map.get(i);
    expectModel(this.name, (w === null) === (m === undefined), () => `page ${i}: the table has ${w === null ? 'nothing' : `pa ${w.paddr.toString(16)}`}, the model ${m === undefined ? 'nothing' : `pa ${m.pa.toString(16)}`}`);
    if (w === null || m === undefined) return;
    expectModel(this.name, w.paddr === m.pa && (w.prop.flags & RWX) === m.flags, () => `page ${i}: the table maps pa ${w.paddr.toString(16)} flags ${w.prop.flags & RWX}, the model pa ${m.pa.toString(16)} flags ${m.flags}`);
  }
  compareAll(): void {
    for (let i = 0; i < this.pages; i++) this.compare(i);
  }
  range(rng: SeededRng, max: number): [number, number] {
    const from = rng.below(this.pages);
    return [from, Math.min(this.pages, from + 1 + rng.below(max))];
  }
  // protect to a flags value (sometimes without R: kept apart from PRESENT, it reads back as set).
  protect(rng: SeededRng, from: number, to: number): void {
    const flags = randomFlags(rng);
    this.pt.protect({ start: this.va(from), end: this.va(to) }, (p) => { p.flags = (p.flags & ~RWX) | flags; });
    for (const [i, m] of this.map) if (i >= from && i < to) m.flags = flags;
  }
}

/** Tracked 4 KiB frames in a user page table. */
export const pageTableUserWorkload: StressWorkload = {
  name: 'page-table-user',
  covers: 'CursorMut map / unmap / protect and query on a UserMode table across a 1 GiB boundary',
  start(bugs: BugSet, rng: SeededRng): StressRun {
    const k = stressKernel(bugs, 24);
    const ctx = new PageTableContext(k.machine.memory, k.pages);
    // 4 MiB below a 1 GiB boundary and 4 MiB above: unaligned unmaps over absent entries.
    let m = new Model('page-table-user', PageTable.empty(ctx, UserMode), 0x4000_0000n - 0x40_0000n, 2048);
    return {
      step() {
        const op = rng.weighted([4, 2, 2, 2, 0.02]);
        const pt = m.pt;
        if (op === 4) {
          // A fresh table now and then: its upper entries are absent again.
          pt.drop();
          m = new Model(m.name, PageTable.empty(ctx, UserMode), m.baseVa, m.pages);
        } else if (op === 0) mapFrames(k, m, rng);
        else if (op === 1) {
          const [from, to] = m.range(rng, 600);
          pt.unmap({ start: m.va(from), end: m.va(to) });
          for (let i = from; i < to; i++) m.map.delete(i);
        } else if (op === 2) {
          const [from, to] = m.range(rng, 64);
          m.protect(rng, from, to);
        } else m.compare(rng.below(m.pages));
      },
      checkpoint() {
        m.compareAll();
        expectClean('page-table tree check', m.pt.treeViolations());
        sweepPageState(k, 'stress page-table-user checkpoint');
      },
    };
  },
};

// Mostly readable flags; now and then W or X without R (MOM-04: R must read back as given).
function randomFlags(rng: SeededRng): number {
  return rng.below(8) === 0 ? [PageFlags.W, PageFlags.X][rng.below(2)]! : FLAGS[rng.below(FLAGS.length)]!;
}

function mapFrames(k: Kernel, m: Model, rng: SeededRng): void {
  const [from, to] = m.range(rng, 12);
  const flags = randomFlags(rng);
  const c = m.pt.cursorMut(m.va(from), m.va(to));
  try {
    for (let i = from; i < to; i++) {
      const f = k.frames.allocSingle();
      if (f === null) return;
      const pa = f.startPaddr();
      c.map(f, pageProperty(flags));
      m.map.set(i, { pa, flags });
    }
  } finally {
    c.drop();
  }
}

const K_BASE = 0xffff_8000_4000_0000n;
const VMALLOC = 0xffff_c000_0000_0000n;
// VMALLOC starts 1 MiB into its first 2 MiB page: a huge map_pa from below reaches into it.
const VM_START = VMALLOC + 0x10_0000n;

/** The kernel linear map through map_pa, and the untracked/tracked boundary. */
export const pageTableKernelWorkload: StressWorkload = {
  name: 'page-table-kernel',
  covers: 'map_pa (huge pages), unmap and protect splitting them, on a KernelMode table; map_pa refused where it reaches VMALLOC',
  start(bugs: BugSet, rng: SeededRng): StressRun {
    const k = stressKernel(bugs, 8);
    const ctx = new PageTableContext(k.machine.memory, k.pages, { vmallocRange: { start: VM_START, end: 0xffff_e000_0000_0000n } });
    const pt = PageTable.empty(ctx, KernelMode);
    const lin = new Model('page-table-kernel', pt, K_BASE, 4096);
    // Pages [0, 256) below VMALLOC's start, [256, 512) in it.
    const edge = new Model('page-table-kernel', pt, VM_START - 0x10_0000n, 512);
    // Pages [0, 2048): 2 MiB pages, split now and then (a split slot never gets a huge page
    // again: a huge map_pa over a node panics, by design). Pages [2048, 4096): 4 KiB pages only.
    const split = new Set<number>();
    const mapPa = (from: number, to: number): void => {
      const flags = FLAGS[rng.below(FLAGS.length)]!;
      const pa = from * PAGE + 0x4000_0000; // where a linear map would put it
      pt.map({ start: lin.va(from), end: lin.va(to) }, { start: pa, end: pa + (to - from) * PAGE }, pageProperty(flags));
      for (let i = from; i < to; i++) lin.map.set(i, { pa: pa + (i - from) * PAGE, flags });
    };
    const unmap = (from: number, to: number): void => {
      pt.unmap({ start: lin.va(from), end: lin.va(to) });
      for (let i = from; i < to; i++) lin.map.delete(i);
    };
    return {
      step() {
        const op = rng.weighted([3, 2, 2, 1, 1]);
        const huge = rng.below(2) === 0;
        const slot = rng.below(4);
        const whole = rng.below(3) !== 0;
        if (op === 0) {
          if (huge) {
            if (!split.has(slot)) mapPa(slot * 512, slot * 512 + 512);
          } else {
            const from = 2048 + rng.below(2048);
            mapPa(from, Math.min(4096, from + 1 + rng.below(400)));
          }
        } else if (op === 1 || op === 2) {
          let from: number;
          let to: number;
          // A whole 2 MiB block is unmapped only as a huge page: dropping a node of untracked
          // pages panics in 232e62b ("you cannot drop a page table node that maps to untracked
          // frames"), so ranges over nodes stay shorter than a block.
          if (huge && whole && !split.has(slot)) [from, to] = [slot * 512, slot * 512 + 512];
          else if (huge) {
            from = slot * 512 + rng.below(512);
            to = Math.min(slot * 512 + 512, from + 1 + rng.below(300));
            if (to - from === 512) to--;
            split.add(slot);
          } else {
            from = 2048 + rng.below(2048);
            to = Math.min(4096, from + 1 + rng.below(511));
          }
          if (op === 1) unmap(from, to);
          else lin.protect(rng, from, to);
        } else if (op === 3) mapPaAtEdge(edge, rng);
        else lin.compare(rng.below(lin.pages));
      },
      checkpoint() {
        lin.compareAll();
        edge.compareAll();
        expectClean('page-table tree check', pt.treeViolations());
        sweepPageState(k, 'stress page-table-kernel checkpoint');
      },
    };
  },
};

// A 2 MiB-aligned map_pa from below VMALLOC's start: allowed only while it stays below it.
function mapPaAtEdge(m: Model, rng: SeededRng): void {
  const from = rng.below(2) === 0 ? 0 : rng.below(256);
  const to = Math.min(m.pages, from + 1 + rng.below(rng.below(2) === 0 ? 512 : 256 - from));
  const pa = 0x8000_0000 + from * PAGE;
  const e = thrown(() => m.pt.map({ start: m.va(from), end: m.va(to) }, { start: pa, end: pa + (to - from) * PAGE }, pageProperty(PageFlags.RW)));
  if (to > 256) {
    expectModel(m.name, e instanceof KernelPanic, () => `map_pa of pages ${from}..${to} reaching VMALLOC at page 256 was ${e === undefined ? 'accepted' : `refused with ${String(e)}`}`);
    return;
  }
  if (e !== undefined) throw e;
  for (let i = from; i < to; i++) m.map.set(i, { pa: pa + (i - from) * PAGE, flags: PageFlags.RW });
  // Unmap it again so the edge stays free for the next try.
  m.pt.unmap({ start: m.va(from), end: m.va(to) });
  for (let i = from; i < to; i++) m.map.delete(i);
}
