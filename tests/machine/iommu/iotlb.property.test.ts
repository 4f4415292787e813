import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IOTLB_GLOBAL_INVALIDATE } from '../../../kernel-sim/machine/index.js';
import { rig, attach, sid } from './vtd-setup.js';

const IOTLB = 0xf8;
const IVA = 0xf0;
const S = sid(0, 2, 0);
const PAGES = 24;

type Op =
  | { kind: 'map'; page: number; frame: number; write: boolean }
  | { kind: 'unmap'; page: number }
  | { kind: 'dma'; page: number; write: boolean; offset: number }
  | { kind: 'global' }
  | { kind: 'psi'; page: number; am: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('map' as const), page: fc.nat(PAGES - 1), frame: fc.nat(255), write: fc.boolean() }),
  fc.record({ kind: fc.constant('unmap' as const), page: fc.nat(PAGES - 1) }),
  fc.record({ kind: fc.constant('dma' as const), page: fc.nat(PAGES - 1), write: fc.boolean(), offset: fc.nat(4095) }),
  fc.record({ kind: fc.constant('dma' as const), page: fc.nat(PAGES - 1), write: fc.boolean(), offset: fc.nat(4095) }),
  fc.constant({ kind: 'global' as const }),
  fc.record({ kind: fc.constant('psi' as const), page: fc.nat(PAGES - 1), am: fc.nat(3) }),
);

describe('IOTLB against the walk', () => {
  it('a hit answers what the walk answered when the entry was filled, until an invalidation covers it', () => {
    fc.assert(fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), (ops) => {
      const r = rig();
      const t = attach(r, 0, 2, 0, { did: 3 });
      r.enable();
      // What the IOTLB may hold: page -> {base, write} as the walk gave it at fill time.
      const cached = new Map<number, { base: number; write: boolean }>();
      for (const o of ops) {
        if (o.kind === 'map') r.tables.map(t, o.page * 4096, 0x400000 + o.frame * 4096, { read: true, write: o.write });
        else if (o.kind === 'unmap') {
          const e = r.tables.entryAddress(t, o.page * 4096, 1);
          if (e >= 0) r.mem.writeU64(e, 0n);
        } else if (o.kind === 'global') {
          r.w64(IOTLB, IOTLB_GLOBAL_INVALIDATE);
          cached.clear();
        } else if (o.kind === 'psi') {
          r.w64(IVA, BigInt(o.page * 4096) | BigInt(o.am));
          r.w64(IOTLB, (1n << 63n) | (3n << 60n) | (3n << 32n));
          const first = o.page - (o.page % 2 ** o.am);
          for (let p = first; p < first + 2 ** o.am; p++) cached.delete(p);
        } else {
          const addr = o.page * 4096 + o.offset;
          const walk = r.unit.walk(S, addr, o.write);
          const got = r.unit.translate(S, addr, { write: o.write });
          const c = cached.get(o.page);
          if (got.source === 'iotlb') {
            expect(c).toBeDefined();
            expect(got.paddr).toBe(c!.base + o.offset);
            if (o.write) expect(c!.write).toBe(true);
          } else {
            // Not from the IOTLB: exactly the walk now.
            expect(got.paddr).toBe(walk < 0 ? -1 : walk);
            if (got.source === 'walk') {
              cached.set(o.page, { base: got.paddr - o.offset, write: r.unit.walk(S, addr, true) >= 0 });
            } else {
              cached.delete(o.page); // a denied cached entry is dropped and re-walked
            }
          }
          if (c === undefined && got.source === 'iotlb') throw new Error('hit without a fill');
        }
      }
    }), { numRuns: 300 });
  });
});
