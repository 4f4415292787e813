import { bench, describe } from './bench-api.js';
import { smallKernel } from '../mm/page-test-kernel.js';
import { PageFlags, pageProperty, PageTable, PageTableContext, UserMode } from '../../kernel-sim/mm/page-table/index.js';
import type { FrameMetaFields, Page } from '../../kernel-sim/mm/page/index.js';

// The figure to read: hz × 512 = 4 KiB map+unmap pairs per second (issue 5 asks >= 1,000,000).
const N = 512;
const k = smallKernel({ check: false });
const ctx = new PageTableContext(k.machine.memory, k.pages);
const pt = PageTable.empty(ctx, UserMode);
const frames: Page<FrameMetaFields>[] = [];
for (let i = 0; i < N; i++) frames.push(k.pageAllocator.allocSingle<FrameMetaFields>()!);
const prop = pageProperty(PageFlags.RW);
const base = 0x4000_0000n;
const end = base + BigInt(N * 4096);

describe(`CursorMut on a user page table (ops per iteration: ${N} 4 KiB map + ${N} unmap)`, () => {
  bench('one cursor per 512 pages: map each, jump back, unmap all', () => {
    const c = pt.cursorMut(base, end);
    for (let i = 0; i < N; i++) c.map(frames[i]!.clone(), prop);
    c.jump(base);
    c.unmap(N * 4096);
    c.drop();
  });

  bench('one cursor per map and per unmap (4 KiB range each)', () => {
    for (let i = 0; i < N; i++) {
      const va = base + BigInt(i * 4096);
      const c = pt.cursorMut(va, va + 4096n);
      c.map(frames[i]!.clone(), prop);
      c.drop();
    }
    for (let i = 0; i < N; i++) {
      const va = base + BigInt(i * 4096);
      const c = pt.cursorMut(va, va + 4096n);
      c.unmap(4096);
      c.drop();
    }
  });
});
