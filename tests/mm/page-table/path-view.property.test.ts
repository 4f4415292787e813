import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bootKernel } from '../../../kernel-sim/kernel/index.js';
import { buildKernelAddressSpace } from '../../../kernel-sim/mm/kspace/index.js';
import { newPathWalk, walkPath, walkPathNext, type PathWalk } from '../../../kernel-sim/mm/page-table/path-view.js';

// The kernel page table of a real capture: a 1 GiB linear map of 2 MiB leaves, 4 KiB metadata and
// kernel-code leaves, split MMIO ranges and absent entries between them.
const kernel = bootKernel('datasets/mbi/q35-128M.mbi');
const ks = buildKernelAddressSpace(kernel);
const mem = kernel.machine.memory;
const root = ks.pageTable.rootPaddr();
const mapped = ks.report.mapped.map((m) => Number(m.va.start & ((1n << 48n) - 1n)) / 4096);

// What a walk says (base only means something when the walk found a leaf).
const view = (w: PathWalk) => ({ tables: [...w.tables], lo: w.lo, hi: w.hi, level: w.level, base: w.level > 0 ? w.base : null });

describe('walkPathNext', () => {
  it('gives, walk after walk, what a full walk from the root gives', () => {
    // Pages near mapped ranges' starts (leaves of every level, absent neighbours) and anywhere.
    const page = fc.oneof(
      fc.tuple(fc.constantFrom(...mapped), fc.integer({ min: -1024, max: 1 << 20 })).map(([v, d]) => Math.max(0, v + d)),
      fc.integer({ min: 0, max: 2 ** 36 - 1 }),
    );
    fc.assert(
      fc.property(fc.array(page, { minLength: 1, maxLength: 40 }), fc.boolean(), (pages, sorted) => {
        const seq = sorted ? [...pages].sort((a, b) => a - b) : pages;
        const next = newPathWalk();
        for (const vpn of seq) {
          expect(view(walkPathNext(mem, root, 4, vpn, next))).toEqual(view(walkPath(mem, root, 4, vpn, newPathWalk())));
        }
      }),
      { numRuns: 200 },
    );
  });
});
