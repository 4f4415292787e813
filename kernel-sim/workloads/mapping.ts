/**
 * Runs a mapping workload ({@link MappingSpec}) against a VmSpace environment: each step draws an
 * operation, an address space and a CPU (the space is activated there first, a context switch),
 * (mostly one it already runs on), then mmaps an area (declared for demand paging, first page mapped eagerly), munmaps one, touches
 * a run of pages for reading or writing (faulting through the VmSpace hook), forks copy-on-write, or
 * toggles an area's write permission. It records an event per step and totals: faults by kind,
 * per-CPU TLB counters, stale translations, Target 13 violations and page-table pages in use.
 *
 * The environment ({@link mappingEnv}) is either bare — user roots with no kernel half, CPUs
 * entering long mode on their first activation (the default) — or Asterinas's: the kernel page
 * table built by `mm/kspace`, which every user root shares the kernel half of
 * (`kernelPageTable: 'kspace'`).
 * @module
 */
import type { Kernel } from '../kernel/index.js';
import { CpuState, Mmu } from '../machine/index.js';
import { buildKernelAddressSpace, kspaceVmSpaceEnv } from '../mm/kspace/index.js';
import { InvariantViolation } from '../mm/page/index.js';
import { PageFlags, PageTableContext } from '../mm/page-table/index.js';
import {
  SegmentationFault,
  VmSpace,
  newFaultCounters,
  newFlushStats,
  type FaultCounters,
  type FlushStats,
  type VmSpaceEnv,
  type VmSpaceOptions,
} from '../mm/vm-space/index.js';
import { SeededRng } from '../util/seeded-rng.js';
import { reportProgress, type OnProgress } from './progress.js';
import { WorkloadSpecError } from './churn-spec.js';
import { MAPPING_OPS, validateMappingSpec, type MappingOp, type MappingSpec } from './mapping-spec.js';

const PAGE = 4096n;
/** Where slot 0 of every space starts (user half, away from address 0). */
const SLOT_BASE = 0x0000_1000_0000n;
/** Chance that a step runs the space on a CPU it is already active on. */
const AFFINITY = 0.9;

/** What a step came to: done, nothing to act on, a segmentation fault, or a Target 13 report. */
export type MappingOutcome = 'ok' | 'skip' | 'segv' | 'target13';

/** One step of a mapping run. */
export interface MappingEvent {
  readonly step: number;
  readonly op: MappingOp;
  /** Id of the space acted on (ids count up from 0 in creation order). */
  readonly space: number;
  readonly cpu: number;
  /** Area slot (-1: none). */
  readonly slot: number;
  /** First page of the run touched, within the area (-1: none). */
  readonly page: number;
  readonly outcome: MappingOutcome;
  /** Page faults the step raised in the space (every kind, segv included). */
  readonly faults: number;
  /** fork: the child's id; -1 otherwise. */
  readonly child: number;
  /** fork at maxSpaces: the id of the space ended first; -1 otherwise. */
  readonly ended: number;
}

/** One CPU's TLB counters at the end of a run. */
export interface CpuTlbFigures {
  readonly cpu: number;
  readonly l1Hits: number;
  readonly stlbHits: number;
  /** l1Hits + stlbHits. */
  readonly hits: number;
  readonly misses: number;
  readonly walks: number;
  /** Flushes of every kind (INVLPG, INVPCID, CR3, ...). */
  readonly flushes: number;
  readonly invlpg: number;
  readonly cycles: number;
}

/** Totals of a mapping run. */
export interface MappingTotals {
  /** Steps per operation drawn. */
  readonly ops: Readonly<Record<MappingOp, number>>;
  /** Outcomes over all steps. */
  readonly outcomes: Readonly<Record<MappingOutcome, number>>;
  /** Page faults by kind, over every space the run made. */
  readonly faults: FaultCounters;
  /** Flush work summed over every space. */
  readonly flush: FlushStats;
  readonly spacesCreated: number;
  readonly spacesLive: number;
  /** Areas mapped at the end, over the live spaces. */
  readonly areasMapped: number;
  /** Stale TLB hits the MMU's detector saw (all, also beyond its record limit). */
  readonly staleTranslations: number;
  readonly target13Violations: number;
  /**
   * Page-table pages the run allocated and did not free, at the end and at most during the run
   * (counted from the run's start: a kspace env's kernel page table is not included).
   */
  readonly ptPagesInUse: number;
  readonly ptPagesPeak: number;
}

/** The outcome of a mapping run. */
export interface MappingResult {
  readonly spec: MappingSpec;
  readonly events: readonly MappingEvent[];
  readonly totals: MappingTotals;
  readonly cpus: readonly CpuTlbFigures[];
}

/** Options of {@link runMapping}. */
export interface MappingOptions {
  /** Options of every VmSpace (e.g. `unmapOrder: 'free-then-flush'` to see Target 13 reports). */
  readonly space?: VmSpaceOptions;
  /** Told how many steps are done, for a progress bar. */
  readonly onProgress?: OnProgress;
}

/** The page tables a mapping environment's VmSpaces live in (see {@link MappingEnvOptions}). */
export const KERNEL_PAGE_TABLE_SOURCES = ['none', 'kspace'] as const;

/** One of {@link KERNEL_PAGE_TABLE_SOURCES}. */
export type KernelPageTableSource = (typeof KERNEL_PAGE_TABLE_SOURCES)[number];

/** Options of {@link mappingEnv}. */
export interface MappingEnvOptions {
  /**
   * `'none'` (default): user roots with no kernel half, CPUs with paging off until a space is
   * activated on them. `'kspace'`: the kernel page table is built on the kernel
   * (`buildKernelAddressSpace`, once per kernel) and every user root shares its kernel half;
   * the CPUs start in long mode on it (`kspaceVmSpaceEnv`).
   */
  readonly kernelPageTable?: KernelPageTableSource;
}

/**
 * Checks a {@link KernelPageTableSource} given as data (a workload file, a notebook cell).
 * @throws WorkloadSpecError naming `field` for anything else
 */
export function validateKernelPageTableSource(value: unknown, field = 'kernelPageTable'): KernelPageTableSource {
  if (typeof value === 'string' && (KERNEL_PAGE_TABLE_SOURCES as readonly string[]).includes(value)) return value as KernelPageTableSource;
  throw new WorkloadSpecError(field, `must be one of ${KERNEL_PAGE_TABLE_SOURCES.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(value)}`);
}

/**
 * A fresh VmSpace environment on a booted kernel: a page-table context, an MMU with the stale
 * detector on, and `cpus` CPUs with empty TLBs; with `kernelPageTable: 'kspace'`, on the kernel
 * page table (build it once per kernel: it maps the kernel image's frames).
 * @throws WorkloadSpecError for an unknown `kernelPageTable`; with `'kspace'`, the errors of `buildKernelAddressSpace`
 */
export function mappingEnv(kernel: Kernel, cpus: number, opts: MappingEnvOptions = {}): VmSpaceEnv {
  const source = validateKernelPageTableSource(opts.kernelPageTable ?? 'none');
  if (source === 'kspace') return kspaceVmSpaceEnv(buildKernelAddressSpace(kernel), kernel.frames, cpus);
  const ctx = new PageTableContext(kernel.machine.memory, kernel.pages);
  const mmu = new Mmu(kernel.machine.memory, { checkStale: true });
  const list = Array.from({ length: cpus }, (_, id) => new CpuState({ id }));
  return { ctx, mmu, frames: kernel.frames, cpus: list };
}

// A space as the workload tracks it: mapped slots (sorted, for a deterministic pick) and which
// of them are write-protected.
interface Proc {
  readonly id: number;
  readonly vs: VmSpace;
  readonly mapped: number[];
  readonly readOnly: Set<number>;
}

/**
 * Runs `spec` (validated first) in `env`; uses the first `spec.cpus` CPUs of the env.
 * @throws WorkloadSpecError for a bad spec, or if the env has fewer CPUs than `spec.cpus`.
 */
export function runMapping(specInput: unknown, env: VmSpaceEnv, opts: MappingOptions = {}): MappingResult {
  const spec = validateMappingSpec(specInput);
  if (env.cpus.length < spec.cpus) throw new WorkloadSpecError('cpus', `the environment has ${env.cpus.length} CPUs`);
  const rng = new SeededRng(spec.seed);
  const slots = spec.slots ?? 16;
  const run = Math.min(spec.touchRun ?? 8, spec.areaPages);
  const passes = spec.touchPasses ?? 2;
  const cpus = env.cpus.slice(0, spec.cpus);
  const weights = MAPPING_OPS.map((op) => spec.ops[op] ?? 0);
  const stride = BigInt(spec.areaPages + 1) * PAGE; // one guard page between areas
  const slotStart = (k: number): bigint => SLOT_BASE + BigInt(k) * stride;
  const all: Proc[] = [];
  const live: Proc[] = [];
  const newProc = (vs: VmSpace, from?: Proc): Proc => {
    const p: Proc = { id: all.length, vs, mapped: from ? [...from.mapped] : [], readOnly: new Set(from?.readOnly) };
    all.push(p);
    live.push(p);
    return p;
  };
  // Counted from here: an env on the kernel page table starts with its nodes allocated.
  const ptBase = env.ctx.stats.nodesAllocated - env.ctx.stats.nodesFreed;
  const ptInUse = (): number => env.ctx.stats.nodesAllocated - env.ctx.stats.nodesFreed - ptBase;
  newProc(VmSpace.new(env, opts.space ?? {}));
  let ptPeak = ptInUse();
  const opCount = Object.fromEntries(MAPPING_OPS.map((o) => [o, 0])) as Record<MappingOp, number>;
  const outcomes: Record<MappingOutcome, number> = { ok: 0, skip: 0, segv: 0, target13: 0 };
  const events: MappingEvent[] = [];

  for (let step = 1; step <= spec.steps; step++) {
    const op = MAPPING_OPS[rng.weighted(weights)]!;
    const p = live[rng.below(live.length)]!;
    // Affinity: mostly stay on a CPU the space already runs on (its TLB entries survive);
    // otherwise migrate to a random CPU (a CR3 switch there).
    const on = p.vs.activeCpus.filter((c) => cpus.includes(c));
    const cpu = on.length > 0 && rng.unit() < AFFINITY ? on[rng.below(on.length)]! : cpus[rng.below(cpus.length)]!;
    if (!p.vs.activeCpus.includes(cpu)) p.vs.activate(cpu);
    const before = faultSum(p.vs.faults);
    let slot = -1, page = -1, child = -1, ended = -1;
    let outcome: MappingOutcome = 'ok';
    try {
      if (op === 'mmap') {
        const free = freeSlot(p, slots, rng);
        if (free < 0) outcome = 'skip';
        else {
          slot = free;
          const start = slotStart(slot);
          p.vs.declareArea({ start, end: start + BigInt(spec.areaPages) * PAGE, flags: PageFlags.RW });
          insertSorted(p.mapped, slot); // before map: a Target 13 report is thrown after it maps
          const vec = env.frames.alloc(1, { zeroed: true });
          // Out of frames: the area stays, to be demand-paged.
          if (vec !== null) p.vs.map(vec, { addr: start, flags: PageFlags.RW });
        }
      } else if (p.mapped.length === 0 && op !== 'fork') {
        outcome = 'skip';
      } else if (op === 'munmap') {
        slot = p.mapped.splice(rng.below(p.mapped.length), 1)[0]!;
        const start = slotStart(slot);
        // Bookkeeping first: a Target 13 report is thrown after the unmap has completed.
        removeArea(p.vs, start);
        p.readOnly.delete(slot);
        p.vs.unmap({ start, end: start + BigInt(spec.areaPages) * PAGE });
      } else if (op === 'touch-read' || op === 'touch-write') {
        slot = p.mapped[rng.below(p.mapped.length)]!;
        page = rng.below(spec.areaPages);
        const base = slotStart(slot);
        const write = op === 'touch-write';
        for (let pass = 0; pass < passes; pass++) {
          for (let i = 0; i < run; i++) p.vs.access(cpu, base + BigInt((page + i) % spec.areaPages) * PAGE, { write, user: true });
        }
      } else if (op === 'protect') {
        slot = p.mapped[rng.below(p.mapped.length)]!;
        const start = slotStart(slot);
        const end = start + BigInt(spec.areaPages) * PAGE;
        if (p.readOnly.delete(slot)) {
          // Write allowed again: pages stay read-only and upgrade through copy-on-write faults,
          // so pages still shared with a fork are never made writable in place.
          setAreaFlags(p.vs, start, PageFlags.RW);
        } else {
          p.readOnly.add(slot);
          setAreaFlags(p.vs, start, PageFlags.R);
          p.vs.protect({ start, end }, (prop) => { prop.flags &= ~PageFlags.W; });
        }
      } else {
        // fork: at the limit another space exits first (or the fork is skipped if none).
        if (live.length >= spec.maxSpaces) {
          const others = live.filter((q) => q !== p);
          if (others.length === 0) outcome = 'skip';
          else {
            const victim = others[rng.below(others.length)]!;
            live.splice(live.indexOf(victim), 1);
            ended = victim.id;
            victim.vs.drop();
          }
        }
        if (outcome === 'ok') child = newProc(p.vs.forkCopyOnWrite(), p).id;
      }
    } catch (e) {
      if (e instanceof SegmentationFault) outcome = 'segv';
      else if (e instanceof InvariantViolation && e.target === 13) outcome = 'target13'; // recorded on the space
      else throw e;
    }
    opCount[op]++;
    outcomes[outcome]++;
    ptPeak = Math.max(ptPeak, ptInUse());
    events.push({ step, op, space: p.id, cpu: cpu.id, slot, page, outcome, faults: faultSum(p.vs.faults) - before, child, ended });
    reportProgress(opts.onProgress, step, spec.steps);
  }

  const faults = newFaultCounters();
  const flush = newFlushStats();
  let t13 = 0;
  for (const q of all) {
    for (const k of Object.keys(faults) as (keyof FaultCounters)[]) faults[k] += q.vs.faults[k];
    for (const k of Object.keys(flush) as (keyof FlushStats)[]) flush[k] += q.vs.flushStats[k];
    t13 += q.vs.target13Violations.length;
  }
  const totals: MappingTotals = {
    ops: opCount, outcomes, faults, flush,
    spacesCreated: all.length, spacesLive: live.length,
    areasMapped: live.reduce((n, q) => n + q.mapped.length, 0),
    staleTranslations: env.mmu.stale.count,
    target13Violations: t13,
    ptPagesInUse: ptInUse(), ptPagesPeak: ptPeak,
  };
  return { spec, events, totals, cpus: cpus.map(cpuFigures) };
}

/** The TLB counters of `cpu`. */
export function cpuFigures(cpu: CpuState): CpuTlbFigures {
  const s = cpu.tlb.stats;
  const flushes = Object.values(s.flushes).reduce((a, b) => a + b, 0);
  return { cpu: cpu.id, l1Hits: s.l1Hits, stlbHits: s.stlbHits, hits: s.l1Hits + s.stlbHits, misses: s.misses, walks: s.walks, flushes, invlpg: s.flushes.invlpg, cycles: s.cycles };
}

function faultSum(f: FaultCounters): number {
  return f.demandZero + f.cowCopy + f.cowReuse + f.spurious + f.segv;
}

// A random free slot (the k-th free one), or -1 when all are mapped.
function freeSlot(p: Proc, slots: number, rng: SeededRng): number {
  const nfree = slots - p.mapped.length;
  if (nfree <= 0) return -1;
  let k = rng.below(nfree);
  for (let s = 0; s < slots; s++) if (!p.mapped.includes(s) && k-- === 0) return s;
  return -1;
}

function insertSorted(list: number[], v: number): void {
  let i = 0;
  while (i < list.length && list[i]! < v) i++;
  list.splice(i, 0, v);
}

// VmSpace keeps areas as a flat list with no undeclare: munmap removes its entry directly.
function removeArea(vs: VmSpace, start: bigint): void {
  const i = vs.areas.findIndex((a) => a.start === start);
  if (i >= 0) vs.areas.splice(i, 1);
}

function setAreaFlags(vs: VmSpace, start: bigint, flags: number): void {
  const i = vs.areas.findIndex((a) => a.start === start);
  if (i >= 0) vs.areas[i] = { ...vs.areas[i]!, flags };
}
