/**
 * The shape of a CPU's data TLB: first-level arrays per page size and a second-level TLB (STLB).
 *
 * Defaults follow Intel Golden Cove (Alder Lake P-core / Sapphire Rapids; Raptor Cove keeps its
 * TLBs): L1 dTLB 96 entries for 4 KiB pages and 32 for 2 MiB pages, STLB 2048 entries shared by
 * 4 KiB and 2 MiB pages (dendibakh/perf-book, "Modern CPU design", quoted in
 * shared/reference/hardware-and-metrics.md §2.4; the 96-entry DTLB also in cpunews.net's Alder
 * Lake analysis). Golden Cove's associativities and 1 GiB figures are not published [unconf]:
 * the ways below are assumptions, and the 1 GiB arrays use Skylake's published sizes (L1 4
 * entries 4-way; STLB 16 entries 4-way; Intel Optimization Manual 248966-045 Table 2-15, §2.4).
 *
 * Simplifications: no separate iTLB (instruction fetches use the data TLB); the STLB shares its
 * ways freely between 4 KiB and 2 MiB entries (the hardware caps 2 MiB at 1024 of them); no
 * paging-structure caches (every miss walks from CR3); LRU replacement (hardware uses tree-PLRU).
 * @module
 */
import { KernelSimError } from '../util/errors.js';

/** One set-associative array: `entries` = sets x `ways`, sets a power of two (ways = entries: fully associative). */
export interface TlbArrayGeometry {
  readonly entries: number;
  readonly ways: number;
}

/** A data TLB: L1 arrays per page size, and the second level. */
export interface TlbGeometry {
  /** L1 dTLB for 4 KiB pages. */
  readonly l1d4k: TlbArrayGeometry;
  /** L1 dTLB for 2 MiB pages. */
  readonly l1d2m: TlbArrayGeometry;
  /** L1 dTLB for 1 GiB pages. */
  readonly l1d1g: TlbArrayGeometry;
  /** Second-level TLB for 4 KiB and 2 MiB pages (entries: 0 for none). */
  readonly stlb: TlbArrayGeometry;
  /** Second-level TLB for 1 GiB pages (entries: 0 for none). */
  readonly stlb1g: TlbArrayGeometry;
}

/** Golden Cove (see the module doc for sources and which ways are assumed). */
export const GOLDEN_COVE_TLB: TlbGeometry = Object.freeze({
  l1d4k: { entries: 96, ways: 6 }, // 96 e [sec]; 6-way [unconf]
  l1d2m: { entries: 32, ways: 4 }, // 32 e [sec]; 4-way as Skylake [unconf]
  l1d1g: { entries: 4, ways: 4 }, // Skylake's 4 e fully associative [doc, Skylake]
  stlb: { entries: 2048, ways: 16 }, // 2048 e shared 4K/2M [sec]; 16-way [unconf]
  stlb1g: { entries: 16, ways: 4 }, // Skylake's 16 e 4-way [doc, Skylake]
});

/** Skylake client (Intel Optimization Manual 248966-045 Table 2-15, per the reference file §2.4). */
export const SKYLAKE_TLB: TlbGeometry = Object.freeze({
  l1d4k: { entries: 64, ways: 4 },
  l1d2m: { entries: 32, ways: 4 },
  l1d1g: { entries: 4, ways: 4 },
  stlb: { entries: 1536, ways: 12 },
  stlb1g: { entries: 16, ways: 4 },
});

/** The default geometry: {@link GOLDEN_COVE_TLB}. */
export const DEFAULT_TLB_GEOMETRY = GOLDEN_COVE_TLB;

/** A geometry whose entries are not a power-of-two number of sets of its ways. */
export class TlbGeometryError extends KernelSimError {
  constructor(readonly array: string, readonly entries: number, readonly ways: number) {
    super(`TLB array ${array}: ${entries} entries is not a power-of-two number of sets of ${ways} ways`);
  }
}

/** Checks a geometry. @throws TlbGeometryError */
export function validateGeometry(g: TlbGeometry): void {
  for (const [name, a] of Object.entries(g) as [string, TlbArrayGeometry][]) {
    const optional = name === 'stlb' || name === 'stlb1g';
    if (optional && a.entries === 0) continue;
    const sets = a.entries / a.ways;
    // Sets must be a power of two: the set index is the low bits of the page number, as in hardware.
    if (!Number.isInteger(a.entries) || !Number.isInteger(a.ways) || a.ways < 1 || !Number.isInteger(sets) || sets < 1 || (sets & (sets - 1)) !== 0) {
      throw new TlbGeometryError(name, a.entries, a.ways);
    }
  }
}
