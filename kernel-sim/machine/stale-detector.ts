/**
 * The stale-translation detector: in checking mode, every TLB hit is compared with a fresh,
 * side-effect-free walk of the tables in memory. A difference means the table changed without the
 * flush the SDM requires (§4.10.4.2), and the CPU went on using the old translation: the security
 * signal for SPA-01 (protect without flush) and Verification Target 13 (frames freed before the
 * TLB is flushed). The kernel side labels its table writes with {@link Mmu.noteTableWrite}, and the
 * record names the last one.
 * @module
 */

/** A translation as the comparison sees it. */
export interface TranslationView {
  /** Physical base of the page. */
  readonly base: number;
  /** Page size in bytes. */
  readonly pageSize: number;
  readonly writable: boolean;
  readonly user: boolean;
  readonly executable: boolean;
}

/**
 * How a stale entry differs: `unmapped` (the tables now fault), `remapped` (another frame or page
 * size), `rights-reduced` (the cache allows more than the tables: exploitable), `rights-widened`
 * (the cache allows less: benign, the CPU re-walks on the spurious fault).
 */
export type StaleKind = 'unmapped' | 'remapped' | 'rights-reduced' | 'rights-widened';

/** One stale hit. */
export interface StaleTranslation {
  readonly cpu: number;
  /** The linear address translated. */
  readonly vaddr: bigint;
  readonly pcid: number;
  readonly kind: StaleKind;
  /** What the TLB gave (and the CPU used). */
  readonly cached: TranslationView;
  /** What the tables say now (null: not mapped, or a reserved-bit entry). */
  readonly current: TranslationView | null;
  /** The label of the last table write noted before the hit (undefined: none noted). */
  readonly lastTableWrite: string | undefined;
  /** Sequence number of that table write (0: none). */
  readonly tableWriteSeq: number;
}

/** Collects stale hits. */
export class StaleDetector {
  /** Compare every TLB hit with the tables (costly: one extra walk per hit). */
  enabled: boolean;
  /** The records kept (at most {@link maxRecords}). */
  readonly records: StaleTranslation[] = [];
  /** All stale hits seen, including those beyond maxRecords. */
  count = 0;
  /** Records kept at most. */
  maxRecords: number;
  private label: string | undefined = undefined;
  private seq = 0;

  constructor(enabled = false, maxRecords = 10_000) {
    this.enabled = enabled;
    this.maxRecords = maxRecords;
  }

  /** Notes that the page tables were changed by the operation `label`. */
  noteTableWrite(label: string): void {
    this.label = label;
    this.seq++;
  }

  /** The last label noted. */
  get lastTableWrite(): string | undefined {
    return this.label;
  }

  /** Records a stale hit and returns the record. */
  record(cpu: number, vaddr: bigint, pcid: number, cached: TranslationView, current: TranslationView | null): StaleTranslation {
    const rec: StaleTranslation = {
      cpu, vaddr, pcid, kind: classify(cached, current), cached, current, lastTableWrite: this.label, tableWriteSeq: this.seq,
    };
    this.count++;
    if (this.records.length < this.maxRecords) this.records.push(rec);
    return rec;
  }

  /** Records of exploitable kinds (everything but `rights-widened`). */
  get unsafe(): StaleTranslation[] {
    return this.records.filter((r) => r.kind !== 'rights-widened');
  }

  /** Forgets the records (the last label is kept). */
  clear(): void {
    this.records.length = 0;
    this.count = 0;
  }
}

/** True when two views translate identically (rights included). */
export function sameTranslation(a: TranslationView, b: TranslationView): boolean {
  return a.base === b.base && a.pageSize === b.pageSize && a.writable === b.writable && a.user === b.user && a.executable === b.executable;
}

function classify(cached: TranslationView, current: TranslationView | null): StaleKind {
  if (current === null) return 'unmapped';
  if (cached.base !== current.base || cached.pageSize !== current.pageSize) return 'remapped';
  const more = (cached.writable && !current.writable) || (cached.user && !current.user) || (cached.executable && !current.executable);
  return more ? 'rights-reduced' : 'rights-widened';
}
