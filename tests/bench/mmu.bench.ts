import { bench, describe } from 'vitest';
import { Mmu, ACCESS_USER, ACCESS_WRITE, PTE_RW, PTE_US } from '../../kernel-sim/machine/index.js';
import { PtBuilder, newMemory, longModeCpu, MiB } from '../machine/pt-builder.js';

const OPS = 100_000;
const UW = ACCESS_USER | ACCESS_WRITE; // hoisted: imported names may be getters under vitest
const U = 0x0000_4000_0000_0000n;
const K = 0xffff_8880_0000_0000n;

function build(pages: number, base: bigint) {
  const mem = newMemory();
  const pt = new PtBuilder(mem, 512 * MiB);
  const vas: bigint[] = [];
  for (let i = 0; i < pages; i++) {
    const va = base + BigInt(i) * 0x1000n;
    pt.map(va, 0x100_0000 + i * 4096, PTE_RW | PTE_US);
    vas.push(va + 0x10n);
  }
  const cpu = longModeCpu(pt);
  return { mem, pt, cpu, mmu: new Mmu(mem), vas };
}

describe(`MMU translations (ops per iteration: ${OPS.toLocaleString('en')})`, () => {
  // 64 pages fit the 96-entry L1 4K array: every translation after warm-up is an L1 hit.
  const hitU = build(64, U);
  for (const va of hitU.vas) hitU.mmu.paddrOf(hitU.cpu, va, ACCESS_USER | ACCESS_WRITE);
  bench('TLB-hit paddrOf, user addresses', () => {
    const { mmu, cpu, vas } = hitU;
    for (let i = 0; i < OPS; i++) mmu.paddrOf(cpu, vas[i & 63]!, UW);
  });

  const hitK = build(64, K);
  for (const va of hitK.vas) hitK.mmu.paddrOf(hitK.cpu, va, 0);
  bench('TLB-hit paddrOf, kernel (upper-half) addresses', () => {
    const { mmu, cpu, vas } = hitK;
    for (let i = 0; i < OPS; i++) mmu.paddrOf(cpu, vas[i & 63]!, 0);
  });

  bench('TLB-hit translate() (allocates the result object)', () => {
    const { mmu, cpu, vas } = hitU;
    for (let i = 0; i < OPS; i++) mmu.translate(cpu, vas[i & 63]!, UW);
  });

  // Full 4-level walks: Mmu.walk bypasses the TLB (A already set, so no write-back).
  const walkK = build(4096, K);
  const walkU = build(4096, U);
  bench('full 4-level walks (Mmu.walkPaddr, no TLB), user addresses', () => {
    const { mmu, cpu, vas } = walkU;
    for (let i = 0; i < OPS; i++) mmu.walkPaddr(cpu, vas[i & 4095]!, 0);
  });

  bench('full 4-level walks (Mmu.walkPaddr, no TLB), kernel addresses', () => {
    const { mmu, cpu, vas } = walkK;
    for (let i = 0; i < OPS; i++) mmu.walkPaddr(cpu, vas[i & 4095]!, 0);
  });

  bench('full 4-level walks (Mmu.walk, allocates the result)', () => {
    const { mmu, cpu, vas } = walkK;
    for (let i = 0; i < OPS; i++) mmu.walk(cpu, vas[i & 4095]!, 0);
  });

  // TLB misses: 4096 pages cycle through a 2048-entry STLB, so every access misses, walks and fills.
  bench('TLB-miss paddrOf (walk + fill), 4096-page working set', () => {
    const { mmu, cpu, vas } = walkK;
    for (let i = 0; i < OPS; i++) mmu.paddrOf(cpu, vas[i & 4095]!, 0);
  });
});
