import type { Command } from 'commander';
import { bugSet } from '../../bugs/index.js';
import { KernelSimError } from '../../util/errors.js';
import { printJson } from '../output.js';

/** A bad command-line option value. */
export class TraceOptionError extends KernelSimError {
  constructor(readonly option: string, readonly value: string, reason: string) {
    super(`${option} '${value}': ${reason}`);
  }
}

/**
 * `kernel-sim trace replay FILE` and `kernel-sim trace record WORKLOAD -o FILE`: frame-allocator
 * traces (format: kernel-sim/mm/frame/trace/README.md).
 */
export function registerTrace(program: Command): void {
  const trace = program.command('trace').description('frame-allocator operation traces: replay one through the buddy allocator, or record a churn workload as one');
  trace
    .command('replay')
    .description('replay a trace (text or binary) through the buddy allocator; print throughput and the final free blocks per order as JSON')
    .argument('<file>', 'a trace file (kernel-sim/mm/frame/trace/README.md)')
    .option('--bugs <ids>', "audited behaviours (BSA-01: crate 0.9.0's lossy top-order merge)", '')
    .option('--order <n>', 'number of free lists (the crate\'s ORDER)', '32') // ASTERINAS_BUDDY_ORDER, written out so --help loads no allocator code
    .option('--rounds <n>', 'replays on fresh allocators; the median rate is printed', '1')
    .action(async (file: string, opts: { bugs: string; order: string; rounds: string }) => {
      const { readTraceFile, replayAllocator, replayState, replayTrace } = await import('../../mm/frame/trace/index.js');
      const order = intOption('--order', opts.order, 1, 32);
      const rounds = intOption('--rounds', opts.rounds, 1, 1000);
      const legacyTopOrderMerge = bugSet(opts.bugs).has('BSA-01');
      const t = readTraceFile(file);
      const rates: number[] = [];
      let last = replayAllocator({ order, legacyTopOrderMerge });
      let counts = replayTrace(t, last);
      for (let r = 0; r < rounds; r++) {
        const buddy = replayAllocator({ order, legacyTopOrderMerge });
        // Measurement outside the model: process CPU time around the replay only.
        const t0 = process.cpuUsage();
        counts = replayTrace(t, buddy);
        const d = process.cpuUsage(t0);
        rates.push(t.length / Math.max(1e-9, (d.user + d.system) / 1e6));
        last = buddy;
      }
      rates.sort((a, b) => a - b);
      printJson({
        trace: file, allocator: `kernel-sim BuddyFrameAllocator<${order}>`, bugs: legacyTopOrderMerge ? ['BSA-01'] : [],
        ...counts, rounds, opsPerSecond: Math.round(rates[rates.length >> 1]!), ...replayState(last),
      });
    });
  trace
    .command('record')
    .description('run a churn workload file on a fresh frame allocator over its machine\'s usable memory and write its buddy calls as a trace')
    .argument('<workload>', 'a churn workload JSON file (datasets/workloads/)')
    .requiredOption('-o, --out <file>', 'the trace file to write')
    .option('--binary', 'write the compact binary form (default: text)')
    .action(async (workload: string, opts: { out: string; binary?: boolean }) => {
      const [{ churnTraceOfWorkloadFile }, { writeTraceFile }] = await Promise.all([import('../../experiments/index.js'), import('../../mm/frame/trace/index.js')]);
      const t = churnTraceOfWorkloadFile(workload);
      writeTraceFile(opts.out, t, opts.binary === true);
      printJson({ trace: opts.out, form: opts.binary ? 'binary' : 'text', operations: t.length });
    });
}

function intOption(name: string, v: string, min: number, max: number): number {
  const n = Number(v);
  if (!/^[0-9]+$/.test(v) || n < min || n > max) throw new TraceOptionError(name, v, `must be an integer in [${min}, ${max}]`);
  return n;
}
