import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { FrameAllocator } from '../../kernel-sim/mm/frame/index.js';
import {
  CHUNK_FRAMES, FrameMeta, fromUnusedIntoRawRange, MetaPageMeta, MetaStore, Page, PageSystem, type PageMeta,
} from '../../kernel-sim/mm/page/index.js';
import { propertyRuns } from '../property-runs.js';

const SLOTS = 4 * CHUNK_FRAMES;

// A page system over SLOTS frames, all allocated in the frame allocator but `hole`, with some
// slots already touched: typed pages (kept live) and pages typed and released again (a
// materialised chunk of zeros), so bulk and per-page meet every kind of chunk.
function system(pre: { frame: number; keep: boolean }[], hole: number): PageSystem {
  const frames = new FrameAllocator([{ start: 0, end: SLOTS }]);
  if (frames.alloc(SLOTS, { zeroed: false }) === null) throw new Error("setup: cannot allocate every frame");
  if (hole >= 0) frames.dealloc(hole, 1);
  const sys = new PageSystem(new MetaStore(SLOTS * 4096), frames);
  for (const p of pre) {
    if (p.frame === hole) continue;
    const page = Page.fromUnused(sys, p.frame * 4096, FrameMeta);
    if (p.keep) page.intoRaw();
    else {
      // Released by hand (no allocator behind this system): count and usage back to zero.
      sys.meta.fetchAddRefCount(p.frame, -1);
      sys.meta.setUsage(p.frame, 0);
      sys.ledger.addLive(p.frame, -1);
    }
  }
  return sys;
}

function outcome(f: () => void): string {
  try { f(); return 'ok'; } catch (e) { return `${(e as Error).name}: ${(e as Error).message}`; }
}

function state(sys: PageSystem, lo: number, hi: number): string {
  const rows: string[] = [];
  for (let f = lo; f < hi; f++) {
    const inner: number[] = [];
    for (let i = 0; i < 8; i++) inner.push(sys.meta.innerU8(f, i));
    rows.push(`${sys.meta.usage(f)}/${sys.meta.refCount(f)}/${inner.join('')}/${sys.ledger.live(f)}/${sys.ledger.raw(f)}`);
  }
  return `${rows.join(' ')} | ops ${sys.ops} live ${sys.ledger.liveHandles} raw ${sys.ledger.rawHandles} chunks ${sys.ledger.chunkNumbers().join(',')}`;
}

describe('fromUnusedIntoRawRange (meta::init in bulk)', () => {
  it('leaves the slots, ledger and counts the per-page from_unused + into_raw leave, or fails the same way', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: SLOTS + 10 }), fc.integer({ min: 1, max: 3 * CHUNK_FRAMES }),
      fc.array(fc.record({ frame: fc.integer({ min: 0, max: SLOTS - 1 }), keep: fc.boolean() }), { maxLength: 6 }),
      fc.constantFrom<PageMeta<unknown>>(MetaPageMeta as PageMeta<unknown>, FrameMeta as PageMeta<unknown>),
      fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: SLOTS - 1 })),
      (start, n, preRaw, kind, hole) => {
        const pre = [...new Map(preRaw.map((p) => [p.frame, p])).values()];
        const bulk = system(pre, hole);
        const each = system(pre, hole);
        const a = outcome(() => fromUnusedIntoRawRange(bulk, start, n, kind));
        const b = outcome(() => { for (let i = 0; i < n; i++) Page.fromUnused(each, (start + i) * 4096, kind).intoRaw(); });
        expect(a).toBe(b);
        // Frames around the run and a sample inside it (every frame of a 2^17 run is slow to compare).
        const probes = [start - 2, start + n - 2, ...pre.map((p) => p.frame - 1), 0, CHUNK_FRAMES - 1, CHUNK_FRAMES];
        for (const p of probes) {
          const lo = Math.max(0, p);
          expect(state(bulk, lo, Math.min(SLOTS, lo + 4))).toBe(state(each, lo, Math.min(SLOTS, lo + 4)));
        }
        for (let k = 0; k < 20; k++) {
          const f = start + Math.floor((n * k) / 20);
          if (f < SLOTS) expect(state(bulk, f, f + 1)).toBe(state(each, f, f + 1));
        }
      },
    ), { numRuns: propertyRuns(15, 60) });
  });

  it('keeps whole chunks as one value: 2^20 pages cost no per-frame arrays', () => {
    const frames = new FrameAllocator([{ start: 0, end: 2 ** 21 }]);
    expect(frames.alloc(2 ** 21, { zeroed: false })).not.toBeNull();
    const sys = new PageSystem(new MetaStore(2 ** 21 * 4096), frames);
    fromUnusedIntoRawRange(sys, 2 ** 20, 2 ** 20, MetaPageMeta);
    expect(sys.meta.bytes).toBe(0);
    expect(sys.meta.uniformChunkCounts).toEqual({ usage: 16, refCount: 16 });
    expect(sys.meta.usage(2 ** 20 + 12345)).toBe(MetaPageMeta.code);
    expect(sys.ledger.raw(2 ** 21 - 1)).toBe(1);
    expect(sys.ledger.rawHandles).toBe(2 ** 20);
    // A single write makes that chunk real and keeps its neighbours' values.
    sys.meta.fetchAddRefCount(2 ** 20 + 5, 1);
    expect(sys.meta.refCount(2 ** 20 + 5)).toBe(2);
    expect(sys.meta.refCount(2 ** 20 + 6)).toBe(1);
    expect(sys.meta.uniformChunkCounts.refCount).toBe(15);
  });
});
