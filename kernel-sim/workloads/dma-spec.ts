/**
 * The description of a DMA workload (devices with descriptor rings and streaming buffers,
 * map/unmap churn, stray and malicious DMA): a JSON-able object, validated with errors that
 * name the field.
 * @module
 */
import { PciLocation, PciLocationError } from '../machine/index.js';
import { WorkloadSpecError } from './churn-spec.js';
import { intField, specObject, weightsField } from './spec-fields.js';

/** The operations a DMA workload draws from. */
export const DMA_OPS = ['map', 'unmap', 'io', 'receive', 'stray', 'attack'] as const;

/** One DMA operation. */
export type DmaOp = (typeof DMA_OPS)[number];

/** A device of the workload. */
export interface DmaWorkloadDevice {
  /** `bb:dd.f`. */
  readonly at: string;
  /** `block`: a descriptor-ring device; `malicious`: DMA where the workload says; `plain`: stream DMA only. */
  readonly kind: 'block' | 'malicious' | 'plain';
}

/** A remapping unit of the workload's machine. */
export interface DmaWorkloadUnit {
  /** `all` (INCLUDE_PCI_ALL) or the devices it covers. */
  readonly scope: 'all' | readonly string[];
  /** Fault-recording registers (default 1, QEMU's; more deviates from QEMU). */
  readonly faultRecords?: number;
}

/** A DMA workload. */
export interface DmaSpec {
  /** Seed of the random source (a 32-bit integer). */
  readonly seed: number;
  /** Number of steps; each draws an operation and a device. */
  readonly steps: number;
  /** The devices (at least one that is not malicious). */
  readonly devices: readonly DmaWorkloadDevice[];
  /** The remapping units (default one covering all devices). */
  readonly units?: readonly DmaWorkloadUnit[];
  /** Relative weights of the operations (missing: 0). */
  readonly ops: Readonly<Partial<Record<DmaOp, number>>>;
  /** Streaming buffers a device holds at most (default 8, 1..256). */
  readonly maxBuffers?: number;
  /** Pages of a streaming buffer at most (default 4, 1..64). */
  readonly bufferPages?: number;
  /** Descriptors in a block device's ring (default 16, 1..128). */
  readonly ringEntries?: number;
  /** Steps between IOTLB samples (default 100). */
  readonly sampleEvery?: number;
}

/**
 * Checks that `input` is a {@link DmaSpec}.
 * @throws WorkloadSpecError naming the first bad field.
 */
export function validateDmaSpec(input: unknown): DmaSpec {
  const o = specObject(input, ['seed', 'steps', 'devices', 'units', 'ops', 'maxBuffers', 'bufferPages', 'ringEntries', 'sampleEvery']);
  const seed = intField(o, 'seed', -(2 ** 31), 2 ** 32 - 1);
  const steps = intField(o, 'steps', 0, 1e8);
  const devices = devicesField(o['devices']);
  const ops = weightsField(o, 'ops', DMA_OPS);
  let spec: DmaSpec = { seed, steps, devices, ops };
  if (o['units'] !== undefined) spec = { ...spec, units: unitsField(o['units']) };
  if (o['maxBuffers'] !== undefined) spec = { ...spec, maxBuffers: intField(o, 'maxBuffers', 1, 256) };
  if (o['bufferPages'] !== undefined) spec = { ...spec, bufferPages: intField(o, 'bufferPages', 1, 64) };
  if (o['ringEntries'] !== undefined) spec = { ...spec, ringEntries: intField(o, 'ringEntries', 1, 128) };
  if (o['sampleEvery'] !== undefined) spec = { ...spec, sampleEvery: intField(o, 'sampleEvery', 1, 1e8) };
  return spec;
}

function location(v: unknown, field: string): string {
  if (typeof v !== 'string') throw new WorkloadSpecError(field, 'must be a PCI location "bb:dd.f"');
  try {
    return PciLocation.parse(v).toString();
  } catch (e) {
    if (e instanceof PciLocationError) throw new WorkloadSpecError(field, e.message);
    throw e;
  }
}

function devicesField(v: unknown): DmaWorkloadDevice[] {
  if (!Array.isArray(v) || v.length === 0) throw new WorkloadSpecError('devices', 'must be a non-empty list of { at, kind }');
  const seen = new Set<string>();
  const out = v.map((d: unknown, i): DmaWorkloadDevice => {
    const f = `devices[${i}]`;
    if (typeof d !== 'object' || d === null) throw new WorkloadSpecError(f, 'must be { at: "bb:dd.f", kind: "block" | "malicious" | "plain" }');
    const r = d as Record<string, unknown>;
    const at = location(r['at'], `${f}.at`);
    if (seen.has(at)) throw new WorkloadSpecError(`${f}.at`, `${at} is listed twice`);
    seen.add(at);
    const kind = r['kind'];
    if (kind !== 'block' && kind !== 'malicious' && kind !== 'plain') throw new WorkloadSpecError(`${f}.kind`, `${JSON.stringify(kind)} is not "block", "malicious" or "plain"`);
    return { at, kind };
  });
  if (!out.some((d) => d.kind !== 'malicious')) throw new WorkloadSpecError('devices', 'needs at least one device that is not malicious');
  return out;
}

function unitsField(v: unknown): DmaWorkloadUnit[] {
  if (!Array.isArray(v) || v.length === 0 || v.length > 8) throw new WorkloadSpecError('units', 'must be a list of 1..8 { scope, faultRecords? }');
  return v.map((u: unknown, i): DmaWorkloadUnit => {
    const f = `units[${i}]`;
    if (typeof u !== 'object' || u === null) throw new WorkloadSpecError(f, 'must be { scope: "all" | ["bb:dd.f", ...], faultRecords? }');
    const r = u as Record<string, unknown>;
    const s = r['scope'];
    const scope = s === 'all' ? 'all' as const : Array.isArray(s) ? s.map((x, j) => location(x, `${f}.scope[${j}]`)) : null;
    if (scope === null) throw new WorkloadSpecError(`${f}.scope`, 'must be "all" or a list of "bb:dd.f"');
    if (r['faultRecords'] === undefined) return { scope };
    return { scope, faultRecords: intField(r, 'faultRecords', 1, 256, `${f}.`) };
  });
}
