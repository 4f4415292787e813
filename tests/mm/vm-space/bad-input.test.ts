import { describe, it, expect } from 'vitest';
import { PageFlags, UserMode } from '../../../kernel-sim/mm/page-table/index.js';
import { VmSpaceError } from '../../../kernel-sim/mm/vm-space/index.js';
import { vmKernel, UA } from './vm-kernel.js';

describe('VmSpace bad input: typed errors, space consistent afterwards', () => {
  const cases: [string, bigint, bigint][] = [
    ['unaligned start', UA + 1n, UA + 0x1000n],
    ['unaligned end', UA, UA + 0x1001n],
    ['empty', UA, UA],
    ['non-canonical', 0x8000_0000_0000_0000n, 0x8000_0000_0000_1000n],
    ['outside the user range (top page)', UserMode.end, UserMode.end + 0x1000n],
    ['straddling the user end', UserMode.end - 0x1000n, UserMode.end + 0x1000n],
  ];

  for (const [name, start, end] of cases) {
    it(`${name}: map, unmap, protect refuse with InvalidArgs`, () => {
      const t = vmKernel();
      const s = t.space();
      s.activate(t.cpus[0]!);
      s.map(t.frames(1), { addr: UA, flags: PageFlags.RW });
      const free = t.k.stats().freeFrames;
      const n = Number((end > start ? end - start : 0x1000n) / 0x1000n) || 1;
      // map takes a start and frames: the end cases only concern the range operations
      const mapCase = start === UA ? [] : [() => s.map(t.frames(n), { addr: start })];
      for (const f of [
        ...mapCase,
        () => s.unmap({ start, end }),
        () => s.protect({ start, end }, (p) => { p.flags = PageFlags.R; }),
      ]) {
        let err: unknown;
        try { f(); } catch (e) { err = e; }
        expect(err).toBeInstanceOf(VmSpaceError);
        expect((err as VmSpaceError).kind).toBe('InvalidArgs');
      }
      expect(t.k.stats().freeFrames).toBe(free); // map dropped the frames it was given
      expect(s.query(UA)!.flags & PageFlags.W).toBe(PageFlags.W);
      expect(s.pt.treeViolations()).toEqual([]);
      expect(t.violations()).toEqual([]);
    });
  }

  it('map without an address, query outside the user space', () => {
    const t = vmKernel();
    const s = t.space();
    expect(() => s.map(t.frames(1), {})).toThrow(/InvalidArgs: options.addr is None/);
    expect(() => s.query(UserMode.end)).toThrow(/AccessDenied/);
    expect(() => s.declareArea({ start: UA + 1n, end: UA + 0x1000n, flags: PageFlags.RW })).toThrow(VmSpaceError);
    s.drop();
    expect(() => s.unmap({ start: UA, end: UA + 0x1000n })).toThrow(/dropped/);
    expect(t.violations()).toEqual([]);
  });

  it('SPA-02: align is accepted and has no effect', () => {
    const t = vmKernel();
    const s = t.space();
    expect(s.map(t.frames(1), { addr: UA + 0x1000n, align: 0x20_0000 })).toBe(UA + 0x1000n);
  });
});
