/**
 * The detection matrix: for each switch, which generic check of a random workload caught it and
 * after how many operations, as `detectionMatrix()` of `audit/stress` measured it (the long test
 * `tests/audit/detection-matrix.long.test.ts` checks these figures against a fresh run). Switches
 * the random workloads cannot reach are not listed: `UNREACHABLE_SWITCHES` there gives why.
 *
 * To register: add rows to {@link DETECTIONS} (finding ID, the check, operations until caught,
 * and the workload and seed that gave the figure), or `null` for a switch the workloads ran and
 * no check caught.
 * @module
 */
import type { FindingId } from '../../bugs/index.js';
import type { Detection } from './types.js';

/** Measured detections by finding ID (`null`: run, not caught). */
export const DETECTIONS: Readonly<Partial<Record<FindingId, Detection | null>>> = {
  'ALO-02': { caughtBy: 'reference model (allocator)', opsUntilCaught: 1125, source: 'kernel-sim stress, workload allocator, seeds 1.. (detectionMatrix)' },
  'ALO-04': { caughtBy: 'reference model (allocator): unexpected FrameAllocatorError', opsUntilCaught: 1, source: 'kernel-sim stress, workload allocator, seeds 1.. (detectionMatrix)' },
  'BSA-01': { caughtBy: 'reference model (allocator)', opsUntilCaught: 36, source: 'kernel-sim stress, workload allocator, seeds 1.. (detectionMatrix)' },
  'CUR-06': { caughtBy: 'reference model (page-table-kernel)', opsUntilCaught: 250, source: 'kernel-sim stress, workload page-table-kernel, seeds 1.. (detectionMatrix)' },
  'HEP-02': { caughtBy: 'counter: heap bytes with nothing live', opsUntilCaught: 298, source: 'kernel-sim stress, workload heap, seeds 1.. (detectionMatrix)' },
  'IOV-01': { caughtBy: 'Target 6', opsUntilCaught: 30, source: 'kernel-sim stress, workload frames, seeds 1.. (detectionMatrix)' },
  'MEA-01': { caughtBy: 'counter: meta::init result ranges', opsUntilCaught: 1, source: 'kernel-sim stress, workload boot, seeds 1.. (detectionMatrix)' },
  'MEM-01': { caughtBy: 'Target 1', opsUntilCaught: 3, source: 'kernel-sim stress, workload boot, seeds 1.. (detectionMatrix)' },
  'MOM-02': { caughtBy: 'counter: invlpgs per range flush', opsUntilCaught: 6, source: 'kernel-sim stress, workload vm-space, seeds 1.. (detectionMatrix)' },
  'MOM-04': { caughtBy: 'reference model (page-table-user)', opsUntilCaught: 250, source: 'kernel-sim stress, workload page-table-user, seeds 1.. (detectionMatrix)' },
  'MOP-02': { caughtBy: 'Target 5', opsUntilCaught: 5005, source: 'kernel-sim stress, workload page-table-user, seeds 1.. (detectionMatrix)' },
  'MPA-01': { caughtBy: 'kernel panic', opsUntilCaught: 1, source: 'kernel-sim stress, workload boot, seeds 1.. (detectionMatrix)' },
  'RTL-01': { caughtBy: 'reference model (allocator)', opsUntilCaught: 2, source: 'kernel-sim stress, workload allocator, seeds 1.. (detectionMatrix)' },
  'SPA-01': { caughtBy: 'stale-TLB detector', opsUntilCaught: 439, source: 'kernel-sim stress, workload vm-space, seeds 1.. (detectionMatrix)' },
  'DME-01': { caughtBy: 'reference model (dma)', opsUntilCaught: 12, source: 'kernel-sim stress, workload dma, seeds 1.. (detectionMatrix)' },
  'FAU-01': { caughtBy: 'reference model (dma-init)', opsUntilCaught: 1, source: 'kernel-sim stress, workload dma-init, seeds 1.. (detectionMatrix)' },
  'FAU-02': { caughtBy: 'reference model (dma)', opsUntilCaught: 9, source: 'kernel-sim stress, workload dma, seeds 1.. (detectionMatrix)' },
  'FAU-03': { caughtBy: 'reference model (dma)', opsUntilCaught: 9, source: 'kernel-sim stress, workload dma, seeds 1.. (detectionMatrix)' },
  'FCL-01': { caughtBy: 'reference model (dma)', opsUntilCaught: 9, source: 'kernel-sim stress, workload dma, seeds 1.. (detectionMatrix)' },
  'FPD-01': { caughtBy: 'reference model (dma)', opsUntilCaught: 9, source: 'kernel-sim stress, workload dma, seeds 1.. (detectionMatrix)' },
  'FRW-01': { caughtBy: 'reference model (dma)', opsUntilCaught: 188, source: 'kernel-sim stress, workload dma, seeds 1.. (detectionMatrix)' },
  'IOT-01': { caughtBy: 'reference model (dma)', opsUntilCaught: 108, source: 'kernel-sim stress, workload dma, seeds 1.. (detectionMatrix)' },
  'DID-01': { caughtBy: 'reference model (dma)', opsUntilCaught: 111, source: 'kernel-sim stress, workload dma, seeds 1.. (detectionMatrix)' },
  'MOI-02': { caughtBy: 'Target 14', opsUntilCaught: 1, source: 'kernel-sim stress, workload dma, seeds 1.. (detectionMatrix)' },
  'MOI-03': { caughtBy: 'reference model (dma-init): unexpected RegisterWriteError', opsUntilCaught: 1, source: 'kernel-sim stress, workload dma-init, seeds 1.. (detectionMatrix)' },
  'REM-01': { caughtBy: 'Target 14', opsUntilCaught: 1, source: 'kernel-sim stress, workload dma, seeds 1.. (detectionMatrix)' },
  'REM-02': { caughtBy: 'reference model (dma-init)', opsUntilCaught: 19, source: 'kernel-sim stress, workload dma-init, seeds 1.. (detectionMatrix)' },
  'SLP-01': { caughtBy: 'kernel panic', opsUntilCaught: 1, source: 'kernel-sim stress, workload dma, seeds 1.. (detectionMatrix)' },
  'UNM-01': { caughtBy: 'Target 12', opsUntilCaught: 3955, source: 'kernel-sim stress, workload page-table-user, seeds 1.. (detectionMatrix)' },
};

/** What the matrix says about `id`: a detection, `'not caught'`, or `'not measured yet'`. */
export function detectionOf(id: FindingId): Detection | 'not caught' | 'not measured yet' {
  if (!(id in DETECTIONS)) return 'not measured yet';
  return DETECTIONS[id] ?? 'not caught';
}
