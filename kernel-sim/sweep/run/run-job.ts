/**
 * Runs one job of a sweep: a workload (boot, churn or mapping), an exploration shard or a fuzz
 * batch, and turns what it did into a {@link JobResult}. A job that throws is a failed result
 * with its error, never an exception: one bad job does not stop a sweep.
 * @module
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { bootKernel } from '../../kernel/index.js';
import { loadLayout } from '../../boot/index.js';
import { DmaFaultTables, fragmentationOverChurn } from '../../metrics/index.js';
import { KernelSimError } from '../../util/errors.js';
import { mappingEnv, runDma, runMapping, validateChurnSpec, validateDmaSpec, validateMappingSpec } from '../../workloads/index.js';
import { fuzzBatch } from '../fuzz/parser-fuzz.js';
import { sha256Hex } from '../plan/canonical.js';
import type { PlannedJob, WorkloadJob } from '../plan/job.js';
import { exploreShard } from './explore-shard.js';
import { emptySeries, flatCells, pushSeries, type Cell, type JobResult, type SeriesColumns } from './result.js';

/** A workload job's memory map is not the file it was planned with. */
export class MachineFileError extends KernelSimError {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`machine ${path}: ${reason}`);
  }
}

interface Outcome {
  figures: Record<string, Cell>;
  series: SeriesColumns;
}

/** Mapping runs: cumulative faults sampled this many times over the run. */
const FAULT_SAMPLES = 100;

function machineBytes(job: WorkloadJob, root: string): { path: string } {
  const path = isAbsolute(job.machine) ? job.machine : resolve(root, job.machine);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new MachineFileError(path, `cannot be read: ${(e as Error).message}`);
  }
  const sha = sha256Hex(bytes);
  if (sha !== job.machineSha256) throw new MachineFileError(path, `has SHA-256 ${sha}, the job was planned with ${job.machineSha256}`);
  return { path };
}

/** Faults per device, reason and outcome are counted in this many buckets over a DMA run. */
const DMA_BUCKETS = 100;

/** A DMA workload: the kernel boots inside `runDma` (as `kernel-sim run` does it), faults and IOTLB samples become series. */
function runDmaJob(job: WorkloadJob, path: string, spec: Record<string, unknown>): Outcome {
  // As run-workload.ts: DMA runs boot on the regions below 4 GiB (DeviceMode's 0..4 GiB).
  const regions = loadLayout(path).regions.filter((r) => r.base + r.len <= 0x1_0000_0000n);
  const dma = runDma(validateDmaSpec(spec), { input: regions, bugs: job.bugs, check: job.check });
  const figures: Record<string, Cell> = flatCells(dma.boot as unknown as Record<string, unknown>, 'boot_');
  flatCells(dma.totals as unknown as Record<string, unknown>, 'dma_', figures);
  const series = emptySeries();
  const tables = new DmaFaultTables(dma.trace, dma.deviceNames);
  const bucket = Math.max(1, Math.ceil((dma.spec.steps || 1) / DMA_BUCKETS));
  for (const r of tables.perDeviceAndReason(bucket).objects() as Record<string, string | number>[]) {
    pushSeries(series, 'dma-faults', r.bucket_start as number, -1, `${r.device}:${r.reason_name}:${r.outcome}`, r.faults as number);
  }
  for (const r of tables.iotlbHitRate().objects() as Record<string, string | number>[]) {
    for (const m of ['hits', 'misses', 'hit_rate'] as const) if (!Number.isNaN(r[m])) pushSeries(series, 'iotlb', r.step as number, -1, `${r.unit}:${m}`, r[m] as number);
  }
  flatCells(dma.env.kernel.stats() as unknown as Record<string, unknown>, 'after_', figures);
  return { figures, series };
}

function runWorkloadJob(job: WorkloadJob, root: string): Outcome {
  const { path } = machineBytes(job, root);
  if (job.workload.kind === 'dma') {
    const { kind: _k, ...spec } = job.workload;
    return runDmaJob(job, path, spec);
  }
  const kernel = bootKernel(path, { bugs: job.bugs, check: job.check });
  const figures: Record<string, Cell> = flatCells(kernel.stats() as unknown as Record<string, unknown>, 'boot_');
  const series = emptySeries();
  const { kind, ...spec } = job.workload;
  if (kind === 'churn') {
    const churn = fragmentationOverChurn(validateChurnSpec(spec), kernel.pageAllocator.churnTarget(), kernel.frameAllocator.buddy);
    flatCells(churn.run.totals, 'churn_', figures);
    const byOrder = churn.sampler.byOrder().objects() as { step: number; order: number; free_blocks: number; unusable_index: number; extfrag_index: number }[];
    const last = byOrder.length > 0 ? byOrder[byOrder.length - 1]!.step : -1;
    for (const r of byOrder) {
      for (const m of ['free_blocks', 'unusable_index', 'extfrag_index'] as const) pushSeries(series, 'fragmentation', r.step, r.order, m, r[m]);
      // The last sample's indices per order are columns of the jobs table.
      if (r.step === last) {
        figures[`unusable_o${r.order}`] = r.unusable_index;
        figures[`extfrag_o${r.order}`] = r.extfrag_index;
      }
    }
    for (const r of churn.sampler.summary().objects() as Record<string, number>[]) {
      for (const m of ['free_frames', 'allocated_frames', 'free_blocks', 'largest_free_order']) pushSeries(series, 'free-memory', r.step!, -1, m, r[m]!);
    }
  } else if (kind === 'mapping') {
    const mspec = validateMappingSpec(spec);
    const m = runMapping(mspec, mappingEnv(kernel, mspec.cpus, { kernelPageTable: job.kernelPageTable }));
    flatCells(m.totals as unknown as Record<string, unknown>, 'mapping_', figures);
    let hits = 0;
    let misses = 0;
    for (const c of m.cpus) {
      hits += c.hits;
      misses += c.misses;
      for (const [k, v] of Object.entries(c)) if (k !== 'cpu') pushSeries(series, 'tlb', mspec.steps, c.cpu, k, v as number);
    }
    figures.tlb_hits = hits;
    figures.tlb_misses = misses;
    figures.tlb_hit_rate = hits + misses === 0 ? null : hits / (hits + misses);
    const every = Math.max(1, Math.ceil(mspec.steps / FAULT_SAMPLES));
    let faults = 0;
    let segv = 0;
    for (const e of m.events) {
      faults += e.faults;
      if (e.outcome === 'segv') segv++;
      if ((e.step + 1) % every === 0 || e.step === m.events.length - 1) {
        pushSeries(series, 'faults', e.step + 1, -1, 'faults', faults);
        pushSeries(series, 'faults', e.step + 1, -1, 'segv', segv);
      }
    }
  } else {
    // A kind the workload file learnt after this runner: a failed row, not a wrong one.
    throw new KernelSimError(`workload kind ${JSON.stringify(kind)} has no sweep runner yet (churn, mapping and dma have)`);
  }
  flatCells(kernel.stats() as unknown as Record<string, unknown>, 'after_', figures);
  if (job.allocProbe !== undefined) {
    const fa = kernel.frameAllocator;
    const n = Math.max(1, Math.floor(fa.buddy.free * job.allocProbe));
    figures.probe_largest_block = 2 ** fa.buddy.largestFreeOrder();
    figures.probe_alloc_frames = n;
    figures.probe_alloc_served = fa.alloc(n, { zeroed: false }) !== null;
  }
  return { figures, series };
}

function runOutcome(p: PlannedJob, root: string): Outcome {
  const job = p.job;
  if (job.kind === 'workload') return runWorkloadJob(job, root);
  if (job.kind === 'explore') return { figures: flatCells(exploreShard(job) as unknown as Record<string, unknown>), series: emptySeries() };
  return { figures: flatCells(fuzzBatch(job.parser, job.seed, job.batch, job.inputs, job.maxMutations, root) as unknown as Record<string, unknown>), series: emptySeries() };
}

/** `host:pid`, or `host:pid/thread` inside a worker thread. */
export function workerName(threadId = 0): string {
  return `${hostname()}:${process.pid}${threadId ? `/${threadId}` : ''}`;
}

/** The message of an error as one line: `Name: message`. */
export function errorLine(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`.replace(/\s*\n\s*/g, ' ');
  return String(e);
}

/**
 * Runs `p` with files (memory maps, fuzz corpora) under `root`. Never throws: a job that throws
 * gives a failed result with its error.
 */
export function runJob(p: PlannedJob, root: string, worker = workerName()): JobResult {
  const t0 = performance.now();
  try {
    const { figures, series } = runOutcome(p, root);
    return { id: p.id, status: 'ok', error: null, elapsedMs: performance.now() - t0, worker, figures, series };
  } catch (e) {
    return { id: p.id, status: 'failed', error: errorLine(e), elapsedMs: performance.now() - t0, worker, figures: {}, series: emptySeries() };
  }
}

/** A failed result for a job that did not finish (time limit, a worker that died too often). */
export function failedResult(id: string, error: string, worker: string, elapsedMs = 0): JobResult {
  return { id, status: 'failed', error, elapsedMs, worker, figures: {}, series: emptySeries() };
}
