import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { LinearHalvesError, Mmu, PageFault, PTE_RW, PTE_US, PTE_NX, PTE_G, type TlbGeometry, type CpuState } from '../../kernel-sim/machine/index.js';
import { PtBuilder, newMemory, longModeCpu, MiB } from './pt-builder.js';
import { stringifyExact } from '../../kernel-sim/util/exact-json.js';

// Small arrays so evictions, STLB refills and set conflicts happen; the front cache has 256 slots.
const SMALL: TlbGeometry = {
  l1d4k: { entries: 4, ways: 2 }, l1d2m: { entries: 2, ways: 2 }, l1d1g: { entries: 1, ways: 1 },
  stlb: { entries: 8, ways: 4 }, stlb1g: { entries: 2, ways: 2 },
};
const BASES = [0x0000_4000_0000_0000n, 0xffff_8880_0000_0000n];
// Slots 0-5 (and 8-13) are 4 KiB pages, 6-7 (14-15) 2 MiB pages; slot + 256 pages aliases the
// front-cache index of slot.
const slotAddr = (slot: number) => BASES[(slot >> 3) & 1]! + BigInt((slot & 7) < 6 ? (slot & 7) * 0x1000 : 0x20_0000 * ((slot & 7) - 5)) + (slot & 16 ? 0x10_0000n : 0n);
const slotLevel = (slot: number) => ((slot & 7) < 6 ? 1 : 2);

type Op =
  | { kind: 'access'; slot: number; offset: number; write: boolean; user: boolean; exec: boolean }
  | { kind: 'cr'; what: 'wp' | 'nxe' }
  | { kind: 'remap'; slot: number; frame: number; flags: number; present: boolean }
  | { kind: 'flush'; how: 'invlpg' | 'cr3' | 'cr3-keep' | 'invpcid0' | 'invpcid1' | 'invpcid2' | 'invpcid3'; slot: number; pcid: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('access' as const), slot: fc.nat(31), offset: fc.nat(4095), write: fc.boolean(), user: fc.boolean(), exec: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remap' as const), slot: fc.nat(31), frame: fc.nat(63), flags: fc.nat(15), present: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cr' as const), what: fc.constantFrom('wp' as const, 'nxe' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('flush' as const), how: fc.constantFrom('invlpg' as const, 'cr3' as const, 'cr3-keep' as const, 'invpcid0' as const, 'invpcid1' as const, 'invpcid2' as const, 'invpcid3' as const), slot: fc.nat(31), pcid: fc.nat(3) }) },
);

function outcome(f: () => number): string {
  try { return `ok:${f()}`; } catch (e) {
    if (e instanceof PageFault) return `pf:${e.errorCode}:${e.linearAddress}`;
    throw e;
  }
}

// One machine: its own memory (walks write A/D bits), tables, a PCID-enabled CPU and an MMU.
// With checkStale every hit is compared with the tables (and the MMU's hit cache stands
// aside); without, a clean hit is answered from the hit cache.
function machine(frontCache: boolean, checkStale = true, geometry: TlbGeometry | undefined = SMALL) {
  const mem = newMemory();
  const pt = new PtBuilder(mem, 512 * MiB);
  for (let s = 0; s < 32; s++) pt.map(slotAddr(s), (s + 1) * (slotLevel(s) === 1 ? 4096 : 0x20_0000), PTE_RW | PTE_US | (s >= 8 ? PTE_G : 0n), slotLevel(s));
  const cpu = longModeCpu(pt, { geometry, pcid: 1 });
  if (!frontCache) (cpu.tlb as unknown as { front: boolean }).front = false;
  return { pt, cpu, mmu: new Mmu(mem, { checkStale }) };
}

function step(m: ReturnType<typeof machine>, op: Op, path: 'bigint' | 'halves' | 'translate'): string {
  const { pt, cpu, mmu } = m;
  if (op.kind === 'remap') {
    const level = slotLevel(op.slot);
    const flags = (op.flags & 1 ? PTE_RW : 0n) | (op.flags & 2 ? PTE_US : 0n) | (op.flags & 4 ? PTE_NX : 0n) | (op.flags & 8 ? PTE_G : 0n);
    if (op.present) pt.map(slotAddr(op.slot), op.frame * (level === 1 ? 4096 : 0x20_0000), flags, level);
    else pt.set(slotAddr(op.slot), level, 0n);
    mmu.noteTableWrite(`remap ${op.slot}`);
    return 'remap';
  }
  if (op.kind === 'cr') {
    // CR0.WP and EFER.NXE change what a cached entry allows, with no flush.
    if (op.what === 'wp') cpu.writeCr0(cpu.cr0 ^ 0x1_0000);
    else cpu.writeEfer(cpu.efer ^ 0x800);
    return 'cr';
  }
  if (op.kind === 'flush') {
    const va = slotAddr(op.slot);
    switch (op.how) {
      case 'invlpg': cpu.invlpg(va); break;
      case 'cr3': cpu.switchRoot(pt.root, op.pcid); break;
      case 'cr3-keep': cpu.switchRoot(pt.root, op.pcid, true); break;
      case 'invpcid0': cpu.invpcid(0, op.pcid, va); break;
      default: cpu.invpcid(Number(op.how.slice(-1)), op.pcid);
    }
    return 'flush';
  }
  const va = slotAddr(op.slot) + BigInt(op.offset);
  const access = (op.write ? 2 : 0) | (op.user ? 4 : 0) | (op.exec ? 16 : 0);
  if (path === 'bigint') return outcome(() => mmu.paddrOf(cpu, va, access));
  if (path === 'translate') {
    try { return `ok:${stringifyExact(mmu.translate(cpu, va, access))}`; } catch (e) {
      if (e instanceof PageFault) return `pf:${e.errorCode}:${e.linearAddress}`;
      throw e;
    }
  }
  return outcome(() => mmu.paddrOfHalves(cpu, Number(va >> 32n), Number(va & 0xffffffffn), access));
}

const statsOf = (cpu: CpuState) => JSON.stringify({ ...cpu.tlb.stats, walkReads: [...cpu.tlb.stats.walkReads] });

describe('TLB front cache and the u32-halves path (property)', () => {
  it('answer, fault, counters, cycles and stale hits as the plain TLB, through flushes, PCIDs and globals', () => {
    let staleSeen = 0;
    let hitsSeen = 0;
    fc.assert(fc.property(fc.array(opArb, { minLength: 20, maxLength: 150 }), (ops) => {
      const plain = machine(false);
      const fronted = machine(true);
      const halves = machine(true);
      for (const op of ops) {
        const want = step(plain, op, 'bigint');
        expect(step(fronted, op, 'bigint')).toBe(want);
        expect(step(halves, op, 'halves')).toBe(want);
        const stats = statsOf(plain.cpu);
        expect(statsOf(fronted.cpu)).toBe(stats);
        expect(statsOf(halves.cpu)).toBe(stats);
        expect(fronted.mmu.stale.count).toBe(plain.mmu.stale.count);
        expect(halves.mmu.stale.count).toBe(plain.mmu.stale.count);
      }
      expect(stringifyExact(fronted.mmu.staleTranslations)).toBe(stringifyExact(plain.mmu.staleTranslations));
      expect(stringifyExact(halves.mmu.staleTranslations)).toBe(stringifyExact(plain.mmu.staleTranslations));
      staleSeen += plain.mmu.stale.count;
      hitsSeen += plain.cpu.tlb.stats.l1Hits;
    }), { numRuns: 120, seed: 0xf207 });
    // The property was exercised: hits, and stale ones.
    expect(hitsSeen).toBeGreaterThan(0);
    expect(staleSeen).toBeGreaterThan(0);
  });

  it('without stale checks (the MMU hit cache answering): answer, translation, fault, counters and cycles as the plain TLB', () => {
    let cachedHits = 0;
    // The default geometry too, on four hot slots: entries then live long enough for cached
    // hits to meet later writes, user accesses and fetches on the same page.
    fc.assert(fc.property(fc.array(opArb, { minLength: 20, maxLength: 150 }), fc.boolean(), (all, small) => {
      const g = small ? SMALL : undefined;
      const ops = small ? all : all.map((o) => ('slot' in o ? { ...o, slot: o.slot & 3 } : o));
      const plain = machine(false, false, g);
      const fronted = machine(true, false, g);
      const halves = machine(true, false, g);
      const translated = machine(true, false, g);
      const plainTranslated = machine(false, false, g);
      for (const op of ops) {
        const want = step(plain, op, 'bigint');
        expect(step(fronted, op, 'bigint')).toBe(want);
        expect(step(halves, op, 'halves')).toBe(want);
        expect(step(translated, op, 'translate')).toBe(step(plainTranslated, op, 'translate'));
        const stats = statsOf(plain.cpu);
        expect(statsOf(fronted.cpu)).toBe(stats);
        expect(statsOf(halves.cpu)).toBe(stats);
        expect(statsOf(translated.cpu)).toBe(statsOf(plainTranslated.cpu));
        expect(statsOf(translated.cpu)).toBe(stats);
      }
      // Hits the cache could answer: consecutive L1 hits on one slot.
      cachedHits += fronted.cpu.tlb.stats.l1Hits;
    }), { numRuns: 120, seed: 0xf208 });
    expect(cachedHits).toBeGreaterThan(0);
  });

  it('a cached hit serves only what the entry allowed then: WP turned on refaults, a clean entry still takes the dirty assist', () => {
    const mem = newMemory();
    const pt = new PtBuilder(mem, 512 * MiB);
    const ro = 0x0000_4000_0000_0000n;
    const rw = ro + 0x1000n;
    pt.map(ro, 0x10_0000, 0n, 1); // supervisor, read-only
    pt.map(rw, 0x10_1000, PTE_RW, 1);
    const cpu = longModeCpu(pt);
    const mmu = new Mmu(mem);
    const WRITE = 2;
    cpu.writeCr0(cpu.cr0 & ~0x1_0000); // WP off: supervisor writes to read-only pages go through
    for (let n = 0; n < 3; n++) expect(mmu.paddrOf(cpu, ro + 8n, WRITE)).toBe(0x10_0008); // walk, L1 hit, cached hit
    cpu.writeCr0(cpu.cr0 | 0x1_0000); // WP on, no flush: the entry now forbids the write
    expect(() => mmu.paddrOf(cpu, ro + 8n, WRITE)).toThrow(PageFault);
    for (let n = 0; n < 3; n++) expect(mmu.paddrOf(cpu, rw + 8n, 0)).toBe(0x10_1008); // clean (D=0) entry, cached for reads
    expect(cpu.tlb.stats.dirtyAssists).toBe(0);
    expect(mmu.paddrOf(cpu, rw + 8n, WRITE)).toBe(0x10_1008);
    expect(cpu.tlb.stats.dirtyAssists).toBe(1);
  });

  it('refuses halves that are not u32 integers', () => {
    const { cpu, mmu } = machine(true);
    expect(() => mmu.paddrOfHalves(cpu, 2 ** 32, 0, 0)).toThrow(/hi=4294967296/);
    expect(() => mmu.paddrOfHalves(cpu, 0, -1, 0)).toThrow(/lo=-1/);
  });

  it('refuses halves that alias a cached hit but are not u32 integers', () => {
    const { cpu, mmu } = machine(true, false);
    const va = slotAddr(1) + 0x10n;
    const hi = Number(va >> 32n);
    const lo = Number(va & 0xffffffffn);
    for (let n = 0; n < 3; n++) mmu.paddrOfHalves(cpu, hi, lo, 0); // walk, hit, cached hit
    const want = mmu.paddrOfHalves(cpu, hi, lo, 0);
    expect(() => mmu.paddrOfHalves(cpu, hi + 2 ** 32, lo, 0)).toThrow(LinearHalvesError);
    expect(() => mmu.paddrOfHalves(cpu, hi, lo + 2 ** 32, 0)).toThrow(LinearHalvesError);
    expect(() => mmu.paddrOfHalves(cpu, hi, lo + 0.5, 0)).toThrow(LinearHalvesError);
    expect(() => mmu.paddrOfHalves(cpu, hi - 0.5, lo, 0)).toThrow(LinearHalvesError);
    expect(() => mmu.paddrOfHalves(cpu, hi, lo - 2 ** 32, 0)).toThrow(LinearHalvesError);
    expect(mmu.paddrOfHalves(cpu, hi, lo, 0)).toBe(want);
  });
});
