import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { PageFlags } from '../../../kernel-sim/mm/page-table/index.js';
import { vmKernel, UA } from './vm-kernel.js';

const P = 0x1000n;
const N = 48; // pages in the window: enough to cross the 33-page flush ceiling

type Op = { k: 'map' | 'unmap' | 'ro' | 'touch'; at: number; n: number };
const op = fc.record({ k: fc.constantFrom<Op['k']>('map', 'unmap', 'ro', 'touch'), at: fc.integer({ min: 0, max: N - 1 }), n: fc.integer({ min: 1, max: 40 }) });

describe('VmSpace property: random map/unmap/protect/touch sequences', () => {
  it('agree with a flat model; no stale translation, no Target 13 violation, consistent state', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
      const t = vmKernel();
      const s = t.space();
      const cpu = t.cpus[0]!;
      s.activate(cpu);
      const model = new Map<number, boolean>(); // page -> writable
      for (const o of ops) {
        const n = Math.min(o.n, N - o.at);
        const r = { start: UA + BigInt(o.at) * P, end: UA + BigInt(o.at + n) * P };
        if (o.k === 'map') {
          s.map(t.frames(n), { addr: r.start, flags: PageFlags.RW, canOverwrite: true });
          for (let i = 0; i < n; i++) model.set(o.at + i, true);
        } else if (o.k === 'unmap') {
          s.unmap(r);
          for (let i = 0; i < n; i++) model.delete(o.at + i);
        } else if (o.k === 'ro') {
          expect(s.protect(r, (p) => { p.flags &= ~PageFlags.W; }).ok).toBe(true);
          for (let i = 0; i < n; i++) if (model.has(o.at + i)) model.set(o.at + i, false);
        } else {
          for (let i = 0; i < N; i++) if (model.get(i)) t.mmu.translate(cpu, UA + BigInt(i) * P, { user: true, write: true });
        }
      }
      for (let i = 0; i < N; i++) {
        const q = s.query(UA + BigInt(i) * P);
        expect(q === null ? undefined : (q.flags & PageFlags.W) !== 0).toBe(model.get(i));
      }
      expect(t.mmu.staleTranslations).toHaveLength(0);
      expect(s.target13Violations).toEqual([]);
      s.drop();
      expect(t.violations()).toEqual([]);
    }), { seed: 7, numRuns: 25 });
  });
});
