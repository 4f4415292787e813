/**
 * Fragmentation over an allocation-churn run: the workload drives the allocator, the sampler
 * records buddyinfo and both indices at the workload's sample points.
 * @module
 */
import type { FrameAllocator } from '../mm/frame/index.js';
import { runChurn, type ChurnResult } from '../workloads/index.js';
import { FragmentationSampler } from './fragmentation-sampler.js';

/** A churn run with its fragmentation samples. */
export interface SampledChurn {
  readonly run: ChurnResult;
  readonly sampler: FragmentationSampler;
}

/** Runs the churn workload `spec` on `allocator`, sampling fragmentation along the way. */
export function fragmentationOverChurn(spec: unknown, allocator: FrameAllocator): SampledChurn {
  const sampler = new FragmentationSampler();
  const run = runChurn(spec, allocator, { onSample: (step) => sampler.sample(step, allocator.buddy) });
  return { run, sampler };
}
