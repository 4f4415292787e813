/**
 * The detection matrix: for each switch, which generic check of a random workload caught it and
 * after how many operations. The hardening work measures it; until its data is registered here
 * every entry reads "not measured yet".
 *
 * To register: add rows to {@link DETECTIONS} (finding ID, the check, operations until caught,
 * and the workload and seed that gave the figure), or `null` for a switch the workloads ran and
 * no check caught.
 * @module
 */
import type { FindingId } from '../../bugs/index.js';
import type { Detection } from './types.js';

/** Measured detections by finding ID (`null`: run, not caught). */
export const DETECTIONS: Readonly<Partial<Record<FindingId, Detection | null>>> = {};

/** What the matrix says about `id`: a detection, `'not caught'`, or `'not measured yet'`. */
export function detectionOf(id: FindingId): Detection | 'not caught' | 'not measured yet' {
  if (!(id in DETECTIONS)) return 'not measured yet';
  return DETECTIONS[id] ?? 'not caught';
}
