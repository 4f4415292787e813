/**
 * The trace of a churn workload file: its machine's `Usable` frame spans (`allocator::init`),
 * then the churn's buddy calls (no `meta::init`: the trace is of the bare allocator).
 * @module
 */
import { loadLayout } from '../boot/index.js';
import { bugSet } from '../bugs/index.js';
import { usableFrameSpans } from '../mm/frame/index.js';
import type { FrameTrace } from '../mm/frame/trace/index.js';
import { recordChurnTrace, WorkloadSpecError } from '../workloads/index.js';
import { readWorkloadFile } from './workload-file.js';

/** Records the trace of the churn workload file at `path`. @throws WorkloadSpecError */
export function churnTraceOfWorkloadFile(path: string): FrameTrace {
  const file = readWorkloadFile(path);
  if (file.workload.kind !== 'churn') throw new WorkloadSpecError('workload.kind', `a trace records a churn workload, not '${file.workload.kind}'`);
  const spans = usableFrameSpans(loadLayout(file.machine).regions);
  return recordChurnTrace(file.workload.spec, spans, { bugs: bugSet(file.bugs) });
}
