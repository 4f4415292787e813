/**
 * Runs a workload file: boots the kernel model on its machine, runs the workload (churn: through
 * the page allocator, every frame through its metadata; mapping: VmSpaces on a fresh MMU and
 * CPUs, on the kernel page table when the file says `"kernelPageTable": "kspace"`) and gathers
 * what the run did.
 * @module
 */
import { bootKernel, type Kernel, type KernelStats } from '../kernel/index.js';
import { loadLayout } from '../boot/index.js';
import { DmaFaultTables, fragmentationOverChurn, type SampledChurn } from '../metrics/index.js';
import { mappingEnv, runDma, runMapping, WorkloadSpecError, type DmaRun, type MappingResult, type OnProgress } from '../workloads/index.js';
import { readWorkloadFile, type WorkloadFile } from './workload-file.js';

/** The outcome of a workload file. */
export interface WorkloadRun {
  readonly file: WorkloadFile;
  readonly kernel: Kernel;
  readonly boot: KernelStats;
  /** The churn run (kind 'churn'). */
  readonly churn?: SampledChurn;
  /** The mapping run (kind 'mapping'). */
  readonly mapping?: MappingResult;
  /** The DMA run (kind 'dma'). */
  readonly dma?: DmaRun;
  /** Memory figures after the run. */
  readonly after: KernelStats;
}

/**
 * Reads, validates and runs the workload file at `path`.
 * `onProgress` is told the workload's steps done (boot not counted), for a progress bar.
 * @throws WorkloadSpecError for a bad file; the boot layer's errors for a bad machine.
 */
export function runWorkloadFile(path: string, opts: { readonly onProgress?: OnProgress } = {}): WorkloadRun {
  const file = readWorkloadFile(path);
  if (file.workload.kind === 'dma') {
    // DMA runs boot on the regions below 4 GiB (DeviceMode's 0..4 GiB; keeps the linear map small).
    const regions = loadLayout(file.machine).regions.filter((r) => r.base + r.len <= 0x1_0000_0000n);
    const dma = runDma(file.workload.spec, { input: regions, bugs: file.bugs, check: file.check, ...opts });
    const kernel = dma.env.kernel;
    return { file, kernel, boot: dma.boot, dma, after: kernel.stats() };
  }
  const kernel = bootKernel(file.machine, { bugs: file.bugs, check: file.check });
  const boot = kernel.stats();
  if (file.workload.kind === 'mapping') {
    const mapping = runMapping(file.workload.spec, mappingEnv(kernel, file.workload.spec.cpus, { kernelPageTable: file.kernelPageTable }), opts);
    return { file, kernel, boot, mapping, after: kernel.stats() };
  }
  const churn = fragmentationOverChurn(file.workload.spec, kernel.pageAllocator.churnTarget(), kernel.frameAllocator.buddy, opts.onProgress);
  return { file, kernel, boot, churn, after: kernel.stats() };
}

/** The JSON `kernel-sim run --json` prints for a run. */
export function workloadRunJson(r: WorkloadRun): Record<string, unknown> {
  // kernelPageTable only when not the default, so a file without it prints what it always did.
  const kpt = r.file.kernelPageTable === 'none' ? {} : { kernelPageTable: r.file.kernelPageTable };
  const head = { machine: r.file.machine, bugs: r.file.bugs, check: r.file.check, ...kpt, workload: r.file.workload, boot: r.boot };
  // Mapping runs: totals and per-CPU TLB counters (the per-step events stay in the API).
  if (r.mapping !== undefined) return { ...head, totals: r.mapping.totals, cpus: r.mapping.cpus, after: r.after };
  if (r.dma !== undefined) {
    const tables = new DmaFaultTables(r.dma.trace, r.dma.deviceNames);
    return { ...head, totals: r.dma.totals, units: tables.summary().objects(), faultsByDeviceAndReason: tables.perDeviceAndReason(r.dma.spec.steps || 1).objects(), after: r.after };
  }
  if (r.churn === undefined) throw new WorkloadSpecError('workload', 'the run holds neither a churn nor a mapping result');
  const summary = r.churn.sampler.summary().objects() as { step: number }[];
  const lastStep = summary[summary.length - 1]!.step;
  return {
    ...head,
    totals: r.churn.run.totals,
    after: r.after,
    samples: summary,
    // Per order at the last sample: free blocks, unusable free space index, extfrag index.
    fragmentation: (r.churn.sampler.byOrder().objects() as { step: number }[]).filter((d) => d.step === lastStep),
  };
}
