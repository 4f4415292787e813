import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { FrameMeta, Page, type FrameMetaFields } from '../../kernel-sim/mm/page/index.js';
import { KernelSimError } from '../../kernel-sim/util/errors.js';
import { allViolations, smallKernel } from './page-test-kernel.js';
import { propertyRuns } from '../property-runs.js';

type Op =
  | { kind: 'alloc'; n: number }
  | { kind: 'clone' | 'drop' | 'intoRaw' | 'fromRaw' | 'useDropped' | 'rawOfLive'; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('alloc' as const), n: fc.integer({ min: 1, max: 5 }) }),
  ...(['clone', 'drop', 'intoRaw', 'fromRaw', 'useDropped', 'rawOfLive'] as const).map((kind) => fc.record({ kind: fc.constant(kind), pick: fc.nat() })),
);

describe('random page-handle sequences with checking mode on', () => {
  it('keep ref_count equal to owners, frees exact, and refuse misuse without damage', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 80 }), fc.boolean(), (ops, viaAlloc) => {
        const k = smallKernel();
        const live: Page<FrameMetaFields>[] = [];
        const dead: Page<FrameMetaFields>[] = [];
        const raws: number[] = [];
        const pick = <T>(a: T[], i: number): T | undefined => (a.length === 0 ? undefined : a[i % a.length]);
        for (const op of ops) {
          switch (op.kind) {
            case 'alloc': {
              const pages = viaAlloc ? k.pageAllocator.alloc(op.n) : [k.pageAllocator.allocSingle()].filter((p): p is Page<FrameMetaFields> => p !== null);
              if (pages) live.push(...pages);
              break;
            }
            case 'clone': { const p = pick(live, op.pick); if (p) live.push(p.clone()); break; }
            case 'drop': { const i = live.length ? op.pick % live.length : -1; if (i >= 0) { const p = live.splice(i, 1)[0]!; p.drop(); dead.push(p); } break; }
            case 'intoRaw': { const i = live.length ? op.pick % live.length : -1; if (i >= 0) { const p = live.splice(i, 1)[0]!; raws.push(p.intoRaw()); dead.push(p); } break; }
            case 'fromRaw': { const i = raws.length ? op.pick % raws.length : -1; if (i >= 0) live.push(Page.fromRaw(k.pages, raws.splice(i, 1)[0]!, FrameMeta)); break; }
            case 'useDropped': { const p = pick(dead, op.pick); if (p) { expect(() => p.drop()).toThrow(KernelSimError); expect(() => p.clone()).toThrow(KernelSimError); } break; }
            case 'rawOfLive': {
              const p = pick(live, op.pick);
              if (p && k.pages.ledger.raw(p.paddr() / 4096) === 0) expect(() => Page.fromRaw(k.pages, p.paddr(), FrameMeta)).toThrow(KernelSimError);
              break;
            }
          }
        }
        expect(allViolations(k)).toEqual([]);
        // Releasing everything returns every frame.
        for (const p of live) p.drop();
        for (const pa of raws) Page.fromRaw(k.pages, pa, FrameMeta).drop();
        expect(k.pages.ledger.liveHandles).toBe(0);
        expect(k.pages.ledger.rawHandles).toBe(k.metaInit.metaPages);
        expect(allViolations(k)).toEqual([]);
        expect(k.frameAllocator.framesInUse).toBe(k.metaInit.metaPages);
      }),
      { numRuns: propertyRuns(30, 120) },
    );
  });
});
