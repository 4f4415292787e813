import { bench, describe } from './bench-api.js';
import { bootKernel } from '../../kernel-sim/kernel/index.js';
import { buildKernelAddressSpace, initKernelPageTable } from '../../kernel-sim/mm/kspace/index.js';
import { ASTERINAS_ENCODING, PageTableContext } from '../../kernel-sim/mm/page-table/index.js';
import { BootPageTable } from '../../kernel-sim/mm/page-table/boot-pt.js';

// Target (issue 5): the kernel page table for the 1 TiB capture built in under 1 s. Each run
// needs a fresh kernel (the table takes frames and types the image's pages as KernelMeta), so
// kernels are booted up front (a pool per bench) and only the step under test is timed. tinybench
// runs the function once more than asked (its async probe); a run beyond the pool boots inside
// the timing.
const FILE = 'datasets/mbi/q35-1T.mbi';
const pool = Array.from({ length: 5 }, () => bootKernel(FILE));
const fullPool = Array.from({ length: 5 }, () => bootKernel(FILE));

describe('kernel page table', () => {
  bench('initKernelPageTable, q35-1T (linear map of 2 TiB with 2 MiB pages, metadata, MMIO, code)', () => {
    const k = pool.pop() ?? bootKernel(FILE);
    const ctx = new PageTableContext(k.machine.memory, k.pages);
    const bpt = new BootPageTable({ memory: k.machine.memory, frames: k.frameAllocator, enc: ASTERINAS_ENCODING }, 0);
    const { report } = initKernelPageTable(k, bpt, k.metaInit.ranges, { ctx });
    if (report.pageTablePages !== 2318) throw new Error(`unexpected table size ${report.pageTablePages}`);
  }, { iterations: 3, warmupIterations: 0, time: 0, warmupTime: 0 });

  // Target: well under 1 s, meta::init's map_base_page calls (batched by mapBasePages) included.
  bench('buildKernelAddressSpace, q35-1T (boot.S table, 2,095,104 metadata pages in the boot page table, kernel page table, retire)', () => {
    const k = fullPool.pop() ?? bootKernel(FILE);
    const ks = buildKernelAddressSpace(k);
    if (ks.bootPtFrames !== 4101 || ks.report.pageTablePages !== 2318) throw new Error(`unexpected tables ${ks.bootPtFrames}, ${ks.report.pageTablePages}`);
  }, { iterations: 3, warmupIterations: 0, time: 0, warmupTime: 0 });
});
