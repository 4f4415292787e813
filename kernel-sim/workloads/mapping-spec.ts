/**
 * The description of a mapping workload (mmap/munmap churn, fork, touch patterns over VmSpaces):
 * a JSON-able object, validated with errors that name the field.
 * @module
 */
import { intField, specObject, weightsField } from './spec-fields.js';

/** The operations a mapping workload draws from. */
export const MAPPING_OPS = ['mmap', 'munmap', 'touch-read', 'touch-write', 'fork', 'protect'] as const;

/** One mapping operation. */
export type MappingOp = (typeof MAPPING_OPS)[number];

/** A mapping workload. */
export interface MappingSpec {
  /** Seed of the random source (a 32-bit integer). */
  readonly seed: number;
  /** Number of steps; each step draws a space, a CPU and an operation. */
  readonly steps: number;
  /** CPUs the spaces run on (1..8). */
  readonly cpus: number;
  /** Pages in each mmap'd area (1..4096). */
  readonly areaPages: number;
  /** Relative weights of the operations (missing: 0): `{ "touch-read": 8, "fork": 1 }`. */
  readonly ops: Readonly<Partial<Record<MappingOp, number>>>;
  /** Address spaces alive at most (1..64); a fork at the limit first ends another space. */
  readonly maxSpaces: number;
  /** Area slots per space (default 16, 1..256): mmap picks a free slot. */
  readonly slots?: number;
  /** Pages a touch step accesses, consecutive from a random page, wrapping in the area (default 8). */
  readonly touchRun?: number;
  /** Passes a touch step makes over its run (default 2: the first faults, later ones hit the TLB). */
  readonly touchPasses?: number;
}

/**
 * Checks that `input` is a {@link MappingSpec}.
 * @throws WorkloadSpecError naming the first bad field.
 */
export function validateMappingSpec(input: unknown): MappingSpec {
  const o = specObject(input, ['seed', 'steps', 'cpus', 'areaPages', 'ops', 'maxSpaces', 'slots', 'touchRun', 'touchPasses']);
  const seed = intField(o, 'seed', -(2 ** 31), 2 ** 32 - 1);
  const steps = intField(o, 'steps', 0, 1e8);
  const cpus = intField(o, 'cpus', 1, 8);
  const areaPages = intField(o, 'areaPages', 1, 4096);
  const maxSpaces = intField(o, 'maxSpaces', 1, 64);
  const ops = weightsField(o, 'ops', MAPPING_OPS);
  let spec: MappingSpec = { seed, steps, cpus, areaPages, ops, maxSpaces };
  if (o['slots'] !== undefined) spec = { ...spec, slots: intField(o, 'slots', 1, 256) };
  if (o['touchRun'] !== undefined) spec = { ...spec, touchRun: intField(o, 'touchRun', 1, 4096) };
  if (o['touchPasses'] !== undefined) spec = { ...spec, touchPasses: intField(o, 'touchPasses', 1, 64) };
  return spec;
}
