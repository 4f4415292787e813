/**
 * Reproductions of FG4's TLB-flush and VmIo findings: MOM-01, MOM-02, IOV-01.
 * @module
 */
import { bugSet } from '../../../bugs/index.js';
import { PhysicalMemory } from '../../../machine/index.js';
import { PhysRangeIo, U32 } from '../../../mm/io/index.js';
import { tlbFlushAddr, tlbFlushAddrRange, tlbHoldsFrame } from '../../../mm/tlb/index.js';
import { KernelPanic } from '../../../util/errors.js';
import { hugePageMachine, KERNEL_VA } from '../fixtures.js';
import type { Observed, Reproduction } from '../types.js';

const mom01: Reproduction = {
  id: 'MOM-01',
  input: 'tlb_flush_addr(0x00ff000000000000) on a CPU with 5-level paging (canonical at 57 bits only)',
  run() {
    const side = (ids: string[]): Observed => {
      const { cpu } = hugePageMachine(true);
      try {
        return { result: 'flushed', invlpgs: tlbFlushAddr(cpu, 0x00ff_0000_0000_0000n, { bugs: bugSet(ids) }).invlpgs };
      } catch (e) {
        if (!(e instanceof KernelPanic)) throw e;
        return { result: `panic in ${e.fn}`, invlpgs: 0 };
      }
    };
    const audited = side(['MOM-01']);
    const fixed = side([]);
    return { differs: audited.result !== 'flushed' && fixed.result === 'flushed', summary: `a 57-bit address: audited ${audited.result}, fixed ${fixed.result} with ${fixed.invlpgs} INVLPG`, audited, fixed };
  },
};

const mom02: Reproduction = {
  id: 'MOM-02',
  input: 'tlb_flush_addr_range over one cached 2 MiB page',
  run() {
    const side = (ids: string[]): Observed => {
      const { cpu, mmu, pageSizeAt } = hugePageMachine();
      mmu.translate(cpu, KERNEL_VA + 0x1234n);
      const r = tlbFlushAddrRange(cpu, { start: KERNEL_VA, end: KERNEL_VA + 0x20_0000n }, { bugs: bugSet(ids), pageSizeAt });
      return { invlpgs: r.invlpgs, cycles: r.cycles, stillCached: tlbHoldsFrame(cpu, 0x20_0000) };
    };
    const audited = side(['MOM-02']);
    const fixed = side([]);
    return { differs: audited.invlpgs === 512 && fixed.invlpgs === 1 && !audited.stillCached && !fixed.stillCached, summary: `INVLPGs for one 2 MiB page: audited ${audited.invlpgs}, fixed ${fixed.invlpgs}; neither leaves it cached`, audited, fixed };
  },
};

const iov01: Reproduction = {
  id: 'IOV-01',
  input: 'write_slice of four u32 (0x11111111..0x44444444) at 0x1000, then read_slice of four u32',
  run() {
    const side = (ids: string[]): Observed => {
      const m = new PhysicalMemory([{ start: 0, end: 0x10000 }]);
      new PhysRangeIo(m, 0x1000, 0x1000).writeSlice(0, U32, [0x11111111, 0x22222222, 0x33333333, 0x44444444]);
      const got = [0, 0, 0, 0];
      new PhysRangeIo(m, 0x1000, 0x1000, { bugs: bugSet(ids) }).readSlice(0, U32, got);
      return { read: got.map((v) => `0x${v.toString(16)}`) };
    };
    const audited = side(['IOV-01']);
    const fixed = side([]);
    const a = audited.read as readonly string[];
    const f = fixed.read as readonly string[];
    return { differs: a.join() !== f.join() && f[3] === '0x44444444', summary: `read_slice: audited [${a.join(', ')}], fixed [${f.join(', ')}]`, audited, fixed };
  },
};

/** FG4 TLB and VmIo reproductions. */
export const FG4_TLB_IO_REPRODUCTIONS: readonly Reproduction[] = [mom01, mom02, iov01];
