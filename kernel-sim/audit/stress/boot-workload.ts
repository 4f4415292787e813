/**
 * Random memory maps booted from scratch, one boot per operation: usable and reserved regions
 * that overlap at random in the low 64 MiB, a kernel image, sometimes a reserved window near
 * 1 TiB (as QEMU's SeaBIOS maps have). Each layout is checked by Target 1; each boot against a
 * model of `meta::init`: MAX_PADDR is the end of the highest usable region, the metadata is one
 * contiguous range (its result vectors are a cost counter).
 * @module
 */
import { nonOverlappingRegionsFrom, type MemoryRegion, type SourcedRegion } from '../../boot/index.js';
import { bootKernel } from '../../kernel/index.js';
import { InvariantViolation } from '../../mm/page/index.js';
import type { SeededRng } from '../../util/seeded-rng.js';
import { checkMemoryRegions } from '../targets/target-01-memory-regions.js';
import { bringUpWorkload, CostCounterExceeded, expectModel, type StressWorkload } from './workload.js';

const NAME = 'boot';
const MiB = 0x10_0000n;

function randomMap(rng: SeededRng): MemoryRegion[] {
  const out: MemoryRegion[] = [{ base: 0n, len: 0x9f000n, type: 'Usable' }, { base: 0x100000n, len: 0x100000n, type: 'Kernel' }];
  out.push({ base: 0x200000n, len: BigInt(8 + rng.below(56)) * MiB, type: 'Usable' });
  for (let i = rng.below(4); i > 0; i--) {
    const base = BigInt(rng.below(64 * 256)) * 0x1000n;
    const len = BigInt(1 + rng.below(4 * 256)) * 0x1000n;
    out.push({ base, len, type: rng.below(2) === 0 ? 'Usable' : 'Reserved' });
  }
  if (rng.below(3) === 0) out.push({ base: 0xfd_0000_0000n, len: 0x3_0000_0000n, type: 'Reserved' });
  return out;
}

/** The boot workload. */
export const bootWorkload: StressWorkload = bringUpWorkload(
  NAME,
  'random memory maps through non_overlapping_regions_from (Target 1), page::allocator::init and meta::init',
  (bugs, rng) => {
    const map = randomMap(rng);
    const input: SourcedRegion[] = map.map((r, index) => ({ ...r, source: { kind: 'mmap', index, mmapType: r.type === 'Usable' ? 1 : 2 } }));
    const regions = nonOverlappingRegionsFrom(map, { bugs });
    const t1 = checkMemoryRegions({ input, regions, hasFramebuffer: false });
    if (!t1.ok) throw new InvariantViolation(1, 'non_overlapping_regions_from', t1.properties.flatMap((p) => p.violations));
    const k = bootKernel(regions, { bugs, check: true });
    const top = regions.filter((r) => r.type === 'Usable').reduce((m, r) => (r.base + r.len > m ? r.base + r.len : m), 0n);
    expectModel(NAME, BigInt(k.maxPaddr) === top, () => `MAX_PADDR ${k.maxPaddr.toString(16)}, the highest usable byte ends at ${top.toString(16)}`);
    const ranges = k.metaInit.ranges.length;
    if (ranges !== 1) throw new CostCounterExceeded('meta::init result ranges', `${ranges} one-page ranges (${k.metaInit.resultHeapBytes} heap bytes) for ${k.metaInit.metaPages} contiguous metadata pages`);
  },
);
