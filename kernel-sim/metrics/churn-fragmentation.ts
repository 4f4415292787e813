/**
 * Fragmentation over an allocation-churn run: the workload drives the allocator, the sampler
 * records buddyinfo and both indices at the workload's sample points.
 * @module
 */
import type { BuddyFrameAllocator, FrameAllocator } from '../mm/frame/index.js';
import { runChurn, type ChurnAllocator, type ChurnResult, type OnProgress } from '../workloads/index.js';
import { FragmentationSampler } from './fragmentation-sampler.js';

/** A churn run with its fragmentation samples. */
export interface SampledChurn {
  readonly run: ChurnResult;
  readonly sampler: FragmentationSampler;
}

/**
 * Runs the churn workload `spec` on `allocator`, sampling fragmentation of `buddy` along the way.
 * `allocator` may be the frame allocator itself or a page-level view of it (a booted kernel's
 * `pageAllocator.churnTarget()`, so every frame passes through its metadata); `buddy` defaults
 * to the frame allocator's; `onProgress` is told the steps done.
 */
export function fragmentationOverChurn(spec: unknown, allocator: FrameAllocator | ChurnAllocator, buddy?: BuddyFrameAllocator, onProgress?: OnProgress): SampledChurn {
  const sampled = buddy ?? (allocator as FrameAllocator).buddy;
  const sampler = new FragmentationSampler();
  const run = runChurn(spec, allocator, { onSample: (step) => sampler.sample(step, sampled), ...(onProgress ? { onProgress } : {}) });
  return { run, sampler };
}
