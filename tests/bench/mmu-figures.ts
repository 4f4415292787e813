/** MMU figures: TLB-hit translations and full 4-level walks per CPU second. */
import { Mmu, ACCESS_USER, ACCESS_WRITE, PTE_RW, PTE_US, PageTableWriter, PhysicalMemory, CpuState } from '../../kernel-sim/machine/index.js';
import { interleavedRates, rate, type Figure } from './harness.js';

const OPS = 100_000;
const U = 0x0000_4000_0000_0000n;
const K = 0xffff_8880_0000_0000n;

function build(pages: number, base: bigint) {
  const mem = new PhysicalMemory([{ start: 0, end: 2 ** 30 }]);
  const pt = new PageTableWriter(mem, 512 * 2 ** 20);
  const vas: bigint[] = [];
  for (let i = 0; i < pages; i++) {
    const va = base + BigInt(i) * 0x1000n;
    pt.map(va, 0x100_0000 + i * 4096, PTE_RW | PTE_US);
    vas.push(va + 0x10n);
  }
  const cpu = new CpuState({ id: 0 });
  cpu.enterLongMode({ root: pt.root, la57: false, pge: true, nxe: true });
  return { cpu, mmu: new Mmu(mem), vas };
}

/** The MMU figures. */
export function mmuFigures(): Figure[] {
  const g = 'mmu';
  const hitU = build(64, U);
  const UW = ACCESS_USER | ACCESS_WRITE;
  for (const va of hitU.vas) hitU.mmu.paddrOf(hitU.cpu, va, UW);
  const hitK = build(64, K);
  for (const va of hitK.vas) hitK.mmu.paddrOf(hitK.cpu, va, 0);
  const walkK = build(4096, K);
  const walkU = build(4096, U);
  // Each loop sums into a local and adds it to the sink once: a captured variable updated per
  // operation would box every non-small sum (an allocation per operation, in the reference too).
  let sink = 0;
  const halves = (vas: bigint[]) => ({ hi: vas.map((v) => Number(v >> 32n)), lo: vas.map((v) => Number(v & 0xffffffffn)) });
  const hU = halves(hitU.vas);
  const hK = halves(hitK.vas);
  // The reference of issue 13: a flat typed-array lookup (v86's tlb_data[addr >>> 12]) over the
  // same 64 pages, measured interleaved with the TLB hits so their ratio is taken under the same load.
  const flat = new Int32Array(1 << 20);
  const addrs = new Int32Array(64);
  for (let i = 0; i < 64; i++) { addrs[i] = 0x400000 + i * 4096 + 16; flat[addrs[i]! >>> 12] = (0x1000 + i) << 12; }
  const [flatRate, halvesU, halvesK] = interleavedRates([
    { fn: () => { let s = 0; for (let i = 0; i < OPS; i++) { const a = addrs[i & 63]!; s += flat[a >>> 12]! | (a & 0xfff); } sink += s; }, ops: OPS },
    { fn: () => { const { mmu, cpu } = hitU; const { hi, lo } = hU; let s = 0; for (let i = 0; i < OPS; i++) s += mmu.paddrOfHalves(cpu, hi[i & 63]!, lo[i & 63]!, UW); sink += s; }, ops: OPS },
    { fn: () => { const { mmu, cpu } = hitK; const { hi, lo } = hK; let s = 0; for (let i = 0; i < OPS; i++) s += mmu.paddrOfHalves(cpu, hi[i & 63]!, lo[i & 63]!, 0); sink += s; }, ops: OPS },
  ]);
  const out: Figure[] = [
    { group: g, name: 'flat typed-array lookup, 64 pages (reference)', unit: 'ops/s', value: flatRate! },
    { group: g, name: 'TLB-hit paddrOfHalves, 64 user pages (u32 halves)', unit: 'ops/s', value: halvesU!, target: { min: 50e6 } },
    { group: g, name: 'TLB-hit paddrOfHalves, 64 kernel pages (u32 halves)', unit: 'ops/s', value: halvesK!, target: { min: 50e6 } },
    // No target: issue 13's 50 M/s was "a quarter" of a flat lookup measured with a boxed sum per
    // operation (~255 M/s); allocation-free, the flat lookup runs some 3-4x faster. 50 M/s stays the goal.
    { group: g, name: 'TLB-hit paddrOfHalves (user) / flat lookup, interleaved (information)', unit: 'x', value: halvesU! / flatRate! },
    { group: g, name: 'TLB-hit paddrOf, 64 user pages (bigint address)', unit: 'ops/s',
      value: rate(() => { const { mmu, cpu, vas } = hitU; let s = 0; for (let i = 0; i < OPS; i++) s += mmu.paddrOf(cpu, vas[i & 63]!, UW); sink += s; }, OPS) },
    { group: g, name: 'TLB-hit paddrOf, 64 kernel pages (bigint address)', unit: 'ops/s',
      value: rate(() => { const { mmu, cpu, vas } = hitK; let s = 0; for (let i = 0; i < OPS; i++) s += mmu.paddrOf(cpu, vas[i & 63]!, 0); sink += s; }, OPS) },
    { group: g, name: 'full 4-level walk (walkPaddr, no TLB), 4096 user pages', unit: 'ops/s', target: { min: 5e6 },
      value: rate(() => { const { mmu, cpu, vas } = walkU; let s = 0; for (let i = 0; i < OPS; i++) s += mmu.walkPaddr(cpu, vas[i & 4095]!, 0); sink += s; }, OPS) },
    { group: g, name: 'full 4-level walk (walkPaddr, no TLB), 4096 kernel pages', unit: 'ops/s', target: { min: 5e6 },
      value: rate(() => { const { mmu, cpu, vas } = walkK; let s = 0; for (let i = 0; i < OPS; i++) s += mmu.walkPaddr(cpu, vas[i & 4095]!, 0); sink += s; }, OPS) },
    { group: g, name: 'TLB-miss paddrOf (walk + fill), 4096 pages', unit: 'ops/s',
      value: rate(() => { const { mmu, cpu, vas } = walkK; let s = 0; for (let i = 0; i < OPS; i++) s += mmu.paddrOf(cpu, vas[i & 4095]!, 0); sink += s; }, OPS) },
    { group: g, name: 'TLB-hit translate() (result object)', unit: 'ops/s',
      value: rate(() => { const { mmu, cpu, vas } = hitU; let s = 0; for (let i = 0; i < OPS; i++) s += mmu.translate(cpu, vas[i & 63]!, UW).paddr; sink += s; }, OPS) },
  ];
  if (sink === -1) throw new Error('unreachable');
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { table } = await import('./harness.js');
  console.log(table(mmuFigures()));
}
