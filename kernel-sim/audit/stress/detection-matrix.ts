/**
 * The detection matrix: every audited behaviour the model switches on, run alone through the
 * stress workloads of its layer (seeds 1, 2, ... until caught or the budget is spent), with the
 * check that caught it and the operations it took; a switch random workloads cannot reach gets
 * a one-line reason instead. `kernel-sim audit --detect` and the audit catalogue read it.
 * @module
 */
import { bugSet } from '../../bugs/index.js';
import { ALL_WORKLOADS, runWorkload, type CheckKind } from './run-stress.js';
import type { StressWorkload } from './workload.js';

/** One row of the matrix. */
export interface DetectionRow {
  /** The finding ID of the switch. */
  readonly id: string;
  /** The check that caught it (`Target 5`, `reference model (frames)`, ...), or null. */
  readonly caughtBy: string | null;
  /** The kind of that check, or null. */
  readonly kind: CheckKind | null;
  /** Operations (over the runs tried, in order) until it was caught, or null. */
  readonly opsUntilCaught: number | null;
  /** The workload that caught it. */
  readonly workload?: string;
  /** Why random workloads cannot catch it, or why it was not caught within the budget. */
  readonly reason?: string;
}

const W = (name: string): StressWorkload => ALL_WORKLOADS.find((w) => w.name === name)!;
// Bring-up workloads: an operation is a whole machine, so a run is shorter.
const BRING_UP_RUN: Readonly<Record<string, number>> = { boot: 200, 'dma-init': 50 };

/** The switches measured, each with the workloads of its layer (tried in this order). */
export const MEASURED_SWITCHES: Readonly<Record<string, readonly string[]>> = {
  'ALO-02': ['allocator', 'frames'],
  'ALO-04': ['allocator'],
  'BSA-01': ['allocator'],
  'RTL-01': ['allocator', 'frames'],
  'IOV-01': ['frames'],
  'MOP-02': ['frames', 'page-table-user', 'vm-space'],
  'UNM-01': ['page-table-user', 'page-table-kernel'],
  'MOM-04': ['page-table-user', 'page-table-kernel'],
  'CUR-06': ['page-table-kernel'],
  'SPA-01': ['vm-space', 'vm-space-kspace'],
  'MOM-02': ['vm-space'],
  'HEP-02': ['heap'],
  'MEM-01': ['boot'],
  'MPA-01': ['boot'],
  'MEA-01': ['boot'],
  'SLP-01': ['dma'],
  'MOI-02': ['dma'],
  'REM-01': ['dma', 'dma-init'],
  'FPD-01': ['dma'],
  'FAU-02': ['dma'],
  'FAU-03': ['dma'],
  'FCL-01': ['dma'],
  'FRW-01': ['dma'],
  'DME-01': ['dma'],
  'MOI-03': ['dma-init'],
  'FAU-01': ['dma-init'],
  'REM-02': ['dma-init'],
  'IOT-01': ['dma'],
  'DID-01': ['dma'],
};

/** Switches random sequential workloads cannot catch, each with the reason and where it is caught. */
export const UNREACHABLE_SWITCHES: Readonly<Record<string, string>> = {
  'ALO-01': 'a race between CPUs: needs interleavings the sequential workloads do not make; `kernel-sim explore alo-01` finds it',
  'CUR-03': 'a lock-release order finding: needs concurrent cursors; `kernel-sim explore cur-03` finds it (lock-order checker)',
  'HEP-01': 'rescue starvation under contention: needs interleavings; `kernel-sim explore hep-01` finds it',
  'HEP-03': 'a deadlock between the heap and frame-allocator locks: needs interleavings; `kernel-sim explore hep-03` finds it',
  'BOO-01': 'boot.S\'s table (G bit on its entries) is left before any workload runs: the stress machines start on the kernel page table; tests/mm/boot-pt and notebook 04 show it',
  'BOO-02': 'boot.S\'s CR0 write happens before the model\'s workloads start (they begin in long mode on the kernel page table); tests/mm/boot-pt covers it',
  'BOO-04': 'boot.S maps MMIO write-back in the boot page table only, which no workload uses after the switch; no device accesses are modelled; tests/mm/boot-pt covers it',
  'KSP-02': 'the fixed 32-36 GiB MMIO window matters only with RAM or devices there; the stress machines have at most 24 MiB; tests/mm/kspace covers it',
  'NOE-03': 'reachable only by map_pa into a tracked range or map into an untracked one, both refused first by the cursor (CUR-06 fixed, map\'s debug_assert); with CUR-06 audited too, Target 9 reports the leak (tests/mm/page-table)',
  'KSP-01': 'only with a 39-bit address width (the layout constants shift by -9); the workloads run 48-bit paging, tests/mm/kspace covers it',
  'MOM-01': 'only for 57-bit addresses (5-level paging); the workloads run 4-level paging, tests/mm/tlb covers it',
  'MOI-01': 'one lock for every IOMMU map / unmap is contention, not a wrong state: needs concurrent mappers; `kernel-sim explore moi-01` shows it',
  'MOI-04': 'a sleeping Mutex taken where interrupts may run needs an interrupt during the critical section: interleavings; `kernel-sim explore moi-04` finds it',
  'CON-01': 'RootTable is dropped only on iommu::init\'s error path, before any device has a mapping (PAGE_TABLE is a static that lives to shutdown); audit reproduction CON-01 drops a mapped one by hand',
  'CON-02': 'specify_device_page_table is called only by iommu::init (MOI-02 audited), once per device on a fresh context table, so it never overwrites a table; audit reproduction CON-02 calls it by hand',
  'CON-04': 'a bus number is a u8 in Rust: only a hand-built location with bus >= 256 reaches it, which no device has (PciLocation refuses it); audit reproduction CON-04',
};

/** Options of {@link detectionMatrix}. */
export interface DetectionMatrixOptions {
  /** Operations per switch at most (default 100,000). */
  readonly budget?: number;
  /** Operations per run before the next seed (default 5,000; boots count one each). */
  readonly opsPerRun?: number;
  /** Only these IDs (default all). */
  readonly ids?: readonly string[];
}

/** Runs every switch alone through its workloads and returns the matrix, one row per switch. */
export function detectionMatrix(opts: DetectionMatrixOptions = {}): DetectionRow[] {
  const budget = opts.budget ?? 100_000;
  const perRun = opts.opsPerRun ?? 5_000;
  const rows: DetectionRow[] = [];
  const want = (id: string): boolean => opts.ids === undefined || opts.ids.includes(id);
  for (const [id, names] of Object.entries(MEASURED_SWITCHES)) {
    if (!want(id)) continue;
    rows.push(measure(id, names.map(W), budget, perRun));
  }
  for (const [id, reason] of Object.entries(UNREACHABLE_SWITCHES)) {
    if (want(id)) rows.push({ id, caughtBy: null, kind: null, opsUntilCaught: null, reason });
  }
  return rows.sort((a, b) => a.id.localeCompare(b.id));
}

function measure(id: string, workloads: readonly StressWorkload[], budget: number, perRun: number): DetectionRow {
  const bugs = bugSet(id);
  let spent = 0;
  for (let seed = 1; spent < budget; seed++) {
    for (const w of workloads) {
      const ops = Math.min(BRING_UP_RUN[w.name] ?? perRun, budget - spent);
      if (ops <= 0) break;
      const r = runWorkload(w, seed, ops, bugs);
      spent += r.ops;
      if (r.detection !== null) {
        return { id, caughtBy: r.detection.caughtBy, kind: r.detection.kind, opsUntilCaught: spent, workload: w.name };
      }
    }
  }
  return { id, caughtBy: null, kind: null, opsUntilCaught: null, reason: `not caught in ${spent} operations of ${workloads.map((w) => w.name).join(', ')}` };
}
