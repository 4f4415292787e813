/**
 * The HEP-02 fix's policy: when to return rescued frames to the frame allocator.
 *
 * After a dealloc, if the heap's free bytes exceed `threshold`, rescued chunks that are wholly
 * free are returned, newest first, as long as the heap keeps at least `retain` free bytes
 * afterwards. The gap between the two is hysteresis: a workload hovering at one refill's worth
 * of memory does not rescue and release 64 MiB on alternate calls. Only whole rescued chunks go
 * back (the frames were taken as one contiguous block); the static 1 MiB space never does.
 * @module
 */
import { MIN_NUM_FRAMES } from './constants.js';
import { PAGE_SIZE } from '../../machine/index.js';

/** Thresholds of the HEP-02 fix. */
export interface ReleasePolicy {
  /** Free bytes above which the heap looks for chunks to return. */
  readonly threshold: number;
  /** Free bytes the heap keeps after returning chunks. */
  readonly retain: number;
}

/** Default: look above two minimum refills (128 MiB), keep one (64 MiB). */
export const DEFAULT_RELEASE_POLICY: ReleasePolicy = Object.freeze({
  threshold: 2 * MIN_NUM_FRAMES * PAGE_SIZE,
  retain: MIN_NUM_FRAMES * PAGE_SIZE,
});

/** A chunk that could be returned. */
export interface ReleaseCandidate {
  readonly bytes: number;
  /** True when every byte of it is free. */
  readonly whollyFree: boolean;
}

/** Indices (into `chunks`, oldest first) of the chunks to return, newest first. */
export function chooseReleases(freeBytes: number, chunks: readonly ReleaseCandidate[], policy: ReleasePolicy): number[] {
  if (freeBytes <= policy.threshold) return [];
  const out: number[] = [];
  let free = freeBytes;
  for (let i = chunks.length - 1; i >= 0; i--) {
    const c = chunks[i]!;
    if (c.whollyFree && free - c.bytes >= policy.retain) {
      out.push(i);
      free -= c.bytes;
    }
  }
  return out;
}
