import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { FrameMetaFields, Page } from '../../../kernel-sim/mm/page/index.js';
import { KernelMode, PageFlags, pageProperty, type PageTable } from '../../../kernel-sim/mm/page-table/index.js';
import { KernelPanic } from '../../../kernel-sim/util/errors.js';
import { propertyRuns } from '../../property-runs.js';
import { ptKernel } from './pt-kernel.js';

type Op = { kind: 'map' | 'unmap' | 'protect'; at: number; n: number; arg: number };

const FLAGS = [PageFlags.R, PageFlags.RW, PageFlags.RX, PageFlags.RWX];

// Ops within [0, pages), biased towards 2 MiB-aligned blocks so that nodes empty out and huge pages form.
const opArb = (pages: number): fc.Arbitrary<Op> =>
  fc.record({
    kind: fc.constantFrom('map' as const, 'unmap' as const, 'protect' as const),
    at: fc.oneof(fc.integer({ min: 0, max: pages - 1 }), fc.integer({ min: 0, max: pages / 512 - 1 }).map((b) => b * 512)),
    n: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constant(512), fc.constant(1024)),
    arg: fc.integer({ min: 0, max: 15 }),
  }).map((o) => ({ ...o, n: Math.min(o.n, pages - o.at) }));

/** Every page of the range as the walk sees it equals the model. */
function compare(pt: PageTable, base: bigint, pages: number, model: Map<number, { paddr: number; flags: number }>): void {
  for (let i = 0; i < pages; i++) {
    const w = pt.query(base + BigInt(i * 4096));
    const m = model.get(i);
    if (m === undefined) expect(w, `page ${i}`).toBeNull();
    else {
      expect(w?.paddr, `page ${i}`).toBe(m.paddr);
      expect(w?.prop.flags, `page ${i}`).toBe(m.flags);
    }
  }
}

const NO_VIEW_VIOLATIONS: Record<"treeToPath" | "pathToFlat" | "treeToFlat", string[]> = { treeToPath: [], pathToFlat: [], treeToFlat: [] };
/** The three-view refinement (tree, path, flat) of checking mode. */
function views(pt: PageTable): typeof NO_VIEW_VIOLATIONS {
  const r = pt.refinement();
  return { treeToPath: r.treeToPath, pathToFlat: r.pathToFlat, treeToFlat: r.treeToFlat };
}

describe('random map/unmap/protect sequences keep the page table equal to a flat model', () => {
  test('UserMode through CursorMut (tracked 4 KiB frames)', () => {
    const PAGES = 1536;
    const base = 0x4000_0000n - 0x20_0000n; // crosses a 1 GiB boundary
    fc.assert(fc.property(fc.array(opArb(PAGES), { minLength: 1, maxLength: 14 }), (ops) => {
      const t = ptKernel();
      const pt = t.table();
      const pool: Page<FrameMetaFields>[] = [];
      for (let i = 0; i < 16; i++) pool.push(t.frame());
      const model = new Map<number, { paddr: number; flags: number }>();
      for (const op of ops) {
        const start = base + BigInt(op.at * 4096);
        const c = pt.cursorMut(start, start + BigInt(op.n * 4096));
        if (op.kind === 'map') {
          for (let i = 0; i < op.n; i++) {
            const f = pool[(op.arg + i) % 16]!;
            c.map(f.clone(), pageProperty(FLAGS[op.arg % 4]!));
            model.set(op.at + i, { paddr: f.paddr(), flags: FLAGS[op.arg % 4]! });
          }
        } else if (op.kind === 'unmap') {
          c.unmap(op.n * 4096);
          for (let i = 0; i < op.n; i++) model.delete(op.at + i);
        } else {
          const flags = FLAGS[op.arg % 4]!;
          c.protect(op.n * 4096, (p) => { p.flags = flags; }, true);
          for (let i = 0; i < op.n; i++) {
            const m = model.get(op.at + i);
            if (m) m.flags = flags;
          }
        }
        c.drop();
        compare(pt, base, PAGES, model);
        expect(pt.treeViolations()).toEqual([]);
        expect(views(pt)).toEqual(NO_VIEW_VIOLATIONS);
      }
      expect(t.violations()).toEqual([]);
      pt.drop();
      for (const f of pool) {
        expect(f.count()).toBe(1);
        f.drop();
      }
      expect(t.violations()).toEqual([]);
    }), { numRuns: propertyRuns(10, 60), seed: 5 });
  });

  test('KernelMode linear map through map_pa (untracked, huge pages split on demand)', () => {
    const PAGES = 2048;
    const base = 0xffff_8000_4000_0000n;
    let panics = 0;
    fc.assert(fc.property(fc.array(opArb(PAGES), { minLength: 1, maxLength: 12 }), (ops) => {
      const t = ptKernel();
      const kt = t.table(KernelMode);
      const model = new Map<number, { paddr: number; flags: number }>();
      for (const op of ops) {
        const start = base + BigInt(op.at * 4096);
        const len = op.n * 4096;
        // Dropping a node of untracked pages (a huge page over it, or unmapping all of it):
        // 232e62b's on_drop would restore them as frames; the model panics before that PTE
        // changes. Each page of the range is then as before or as asked, nothing else.
        const apply = (fn: () => void, want: (i: number) => { paddr: number; flags: number } | undefined): void => {
          try {
            fn();
          } catch (e) {
            expect(e).toBeInstanceOf(KernelPanic);
            expect((e as KernelPanic).fn).toBe('PageTablePageMeta::on_drop');
            panics++;
          }
          for (let i = 0; i < op.n; i++) {
            const w = kt.query(start + BigInt(i * 4096));
            const now = w === null ? undefined : { paddr: w.paddr, flags: w.prop.flags };
            if (JSON.stringify(now) !== JSON.stringify(model.get(op.at + i))) {
              expect(now).toEqual(want(i));
              if (now === undefined) model.delete(op.at + i);
              else model.set(op.at + i, now);
            }
          }
        };
        if (op.kind === 'map') {
          // The physical start keeps the virtual alignment modulo 2 MiB half of the time.
          const pa = (op.arg % 2 === 0 ? op.at * 4096 : (op.at + 1) * 4096) + 0x100_0000;
          apply(() => kt.map({ start, end: start + BigInt(len) }, { start: pa, end: pa + len }, pageProperty(FLAGS[op.arg % 4]!, 'Writeback', 2)), (i) => ({ paddr: pa + i * 4096, flags: FLAGS[op.arg % 4]! }));
        } else if (op.kind === 'unmap') {
          apply(() => kt.unmap({ start, end: start + BigInt(len) }), () => undefined);
        } else {
          const flags = FLAGS[op.arg % 4]!;
          kt.protect({ start, end: start + BigInt(len) }, (p) => { p.flags = flags; });
          for (let i = 0; i < op.n; i++) {
            const m = model.get(op.at + i);
            if (m) m.flags = flags;
          }
        }
        compare(kt, base, PAGES, model);
        expect(kt.treeViolations()).toEqual([]);
        expect(views(kt)).toEqual(NO_VIEW_VIOLATIONS);
      }
      expect(t.violations()).toEqual([]);
    }), { numRuns: propertyRuns(10, 60), seed: 7 });
    expect(panics).toBeGreaterThan(0); // the sequences do reach the on_drop refusal
  });
});
