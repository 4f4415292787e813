/**
 * The trace of a churn workload file: its machine's `Usable` frame spans (`allocator::init`),
 * then the churn's buddy calls (no `meta::init`: the trace is of the bare allocator).
 * @module
 */
import { readFileSync } from 'node:fs';
import { loadLayout } from '../boot/index.js';
import { bugSet } from '../bugs/index.js';
import { usableFrameSpans } from '../mm/frame/index.js';
import type { FrameTrace } from '../mm/frame/trace/index.js';
import { recordChurnTrace, WorkloadSpecError } from '../workloads/index.js';
import { validateWorkloadFile } from './workload-file.js';

/** Records the trace of the churn workload file at `path`. @throws WorkloadSpecError */
export function churnTraceOfWorkloadFile(path: string): FrameTrace {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    if (e instanceof SyntaxError) throw new WorkloadSpecError('(file)', `${path} is not valid JSON: ${e.message}`);
    throw e;
  }
  const file = validateWorkloadFile(json, path);
  if (file.workload.kind !== 'churn') throw new WorkloadSpecError('workload.kind', `a trace records a churn workload, not '${file.workload.kind}'`);
  const spans = usableFrameSpans(loadLayout(file.machine).regions);
  return recordChurnTrace(file.workload.spec, spans, { bugs: bugSet(file.bugs) });
}
