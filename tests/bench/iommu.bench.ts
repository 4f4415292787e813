import { bench, describe } from './bench-api.js';
import { DmaRemappingUnit, PhysicalMemory, VtdTableWriter, REG_RTADDR, REG_GCMD, GCMD_SRTP, GCMD_TE } from '../../kernel-sim/machine/index.js';

const OPS = 100_000;
const SID = (0 << 8) | (3 << 3);

function build(pages: number) {
  const mem = new PhysicalMemory([{ start: 0, end: 256 * 2 ** 20 }]);
  const unit = new DmaRemappingUnit(mem);
  mem.mapMmio(0xfed90000, 0x1000, unit);
  const w = new VtdTableWriter(mem, 16 * 2 ** 20);
  const table = w.newDomainTable();
  w.setContext(0, 3 << 3, { present: true, secondLevelTable: table, domainId: 1 });
  const addrs: number[] = [];
  // Spread over many level-2 tables so walks touch different table pages.
  for (let i = 0; i < pages; i++) {
    const a = (i % 64) * 0x200000 + Math.floor(i / 64) * 0x1000;
    w.map(table, a, 0x4000000 + i * 4096, { read: true, write: true });
    addrs.push(a + 0x10);
  }
  mem.writeU64(0xfed90000 + REG_RTADDR, BigInt(w.root));
  mem.writeU32(0xfed90000 + REG_GCMD, GCMD_SRTP);
  mem.writeU32(0xfed90000 + REG_GCMD, GCMD_TE); // GSTS & 0x96ffffff is 0 here: TE alone
  return { unit, addrs };
}

describe(`IOMMU translations (ops per iteration: ${OPS.toLocaleString('en')})`, () => {
  // 64 pages fit the 1024-entry IOTLB: every translation after warm-up is a hit.
  const hit = build(64);
  for (const a of hit.addrs) hit.unit.paddrOf(SID, a, true);
  bench('IOTLB-hit paddrOf (context cache + IOTLB)', () => {
    const { unit, addrs } = hit;
    for (let i = 0; i < OPS; i++) unit.paddrOf(SID, addrs[i & 63]!, true);
  });

  // Full root -> context -> 3-level walks, no caches (DmaRemappingUnit.walk).
  const full = build(4096);
  bench('full root-context-3-level walk (DmaRemappingUnit.walk, no caches)', () => {
    const { unit, addrs } = full;
    for (let i = 0; i < OPS; i++) unit.walk(SID, addrs[i & 4095]!, false);
  });
});
