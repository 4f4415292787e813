/**
 * Workload files: what `kernel-sim run WORKLOAD.json` runs. A file names the machine to boot
 * (a memory map: .mbi, e820 text or region JSON, relative to the workload file), the audited
 * behaviours and checking mode, and the workload itself.
 *
 * ```json
 * { "machine": "../mbi/q35-1G.mbi", "bugs": ["ALO-02"], "check": false,
 *   "workload": { "kind": "churn", "seed": 1, "steps": 20000, "orders": { "0": 8, "3": 1 },
 *                 "lifetime": { "min": 10, "max": 2000 }, "longLivedFraction": 0.05 } }
 * ```
 * or a mapping workload over VmSpaces (see `workloads/mapping-spec.ts`):
 * ```json
 *   "workload": { "kind": "mapping", "seed": 1, "steps": 5000, "cpus": 4, "areaPages": 32,
 *                 "ops": { "mmap": 2, "munmap": 1, "touch-read": 8, "touch-write": 6, "fork": 1, "protect": 1 },
 *                 "maxSpaces": 4 }
 * ```
 * or a DMA workload (devices, rings, streams, faults; see `workloads/dma-spec.ts`), booted on the
 * map's regions below 4 GiB (DeviceMode's range):
 * ```json
 *   "workload": { "kind": "dma", "seed": 1, "steps": 1000, "devices": [{ "at": "00:03.0", "kind": "block" }],
 *                 "ops": { "map": 1, "unmap": 1, "io": 8 } }
 * ```
 * A mapping workload may add `"kernelPageTable": "kspace"` at the top level to run its VmSpaces
 * on the kernel page table (user roots share its kernel half, as in Asterinas); the default,
 * `"none"`, gives them bare user roots.
 * @module
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  validateChurnSpec, validateDmaSpec, validateKernelPageTableSource, validateMappingSpec, WorkloadSpecError,
  type ChurnSpec, type DmaSpec, type KernelPageTableSource, type MappingSpec,
} from '../workloads/index.js';
import { JsonSyntaxError, parseJsonText } from '../util/json-text.js';

/** A validated workload file. */
export interface WorkloadFile {
  /** Absolute path of the machine's memory map. */
  readonly machine: string;
  readonly bugs: readonly string[];
  readonly check: boolean;
  /** The page tables a mapping workload's VmSpaces live in (`'none'` unless the file says). */
  readonly kernelPageTable: KernelPageTableSource;
  /** The workload: its kind and its spec. */
  readonly workload: { readonly kind: 'churn'; readonly spec: ChurnSpec } | { readonly kind: 'mapping'; readonly spec: MappingSpec }
    | { readonly kind: 'dma'; readonly spec: DmaSpec };
}

/**
 * Reads and validates the workload file at `path`.
 * @throws WorkloadSpecError for a file that is not JSON or not a valid workload file.
 */
export function readWorkloadFile(path: string): WorkloadFile {
  let json: unknown;
  try {
    json = parseJsonText(readFileSync(path, 'utf8'));
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw new WorkloadSpecError('(file)', `${path} is not valid JSON: ${e.message}`);
    throw e;
  }
  return validateWorkloadFile(json, path);
}

/**
 * Checks a parsed workload file; `path` is where it was read from (machine paths are relative to it).
 * @throws WorkloadSpecError naming the field.
 */
export function validateWorkloadFile(json: unknown, path: string): WorkloadFile {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new WorkloadSpecError('(root)', 'must be an object { machine, workload, bugs?, check?, kernelPageTable? }');
  const o = json as Record<string, unknown>;
  const known = ['machine', 'bugs', 'check', 'kernelPageTable', 'workload'];
  for (const key of Object.keys(o)) if (!known.includes(key)) throw new WorkloadSpecError(key, `unknown field (expected ${known.join(', ')})`);
  if (typeof o.machine !== 'string' || o.machine === '') throw new WorkloadSpecError('machine', 'must be the path of a memory map (.mbi, e820 text or region JSON)');
  const bugs = o.bugs === undefined ? [] : o.bugs;
  if (!Array.isArray(bugs) || !bugs.every((b) => typeof b === 'string')) throw new WorkloadSpecError('bugs', 'must be a list of finding IDs');
  if (o.check !== undefined && typeof o.check !== 'boolean') throw new WorkloadSpecError('check', 'must be true or false');
  const w = o.workload;
  if (typeof w !== 'object' || w === null || Array.isArray(w)) throw new WorkloadSpecError('workload', 'must be an object with a kind');
  const { kind, ...spec } = w as Record<string, unknown>;
  if (kind !== 'churn' && kind !== 'mapping' && kind !== 'dma') throw new WorkloadSpecError('workload.kind', `unknown kind ${JSON.stringify(kind)} (expected "churn", "mapping" or "dma")`);
  let workload: WorkloadFile['workload'];
  try {
    workload = kind === 'churn' ? { kind, spec: validateChurnSpec(spec) } : kind === 'mapping' ? { kind, spec: validateMappingSpec(spec) } : { kind, spec: validateDmaSpec(spec) };
  } catch (e) {
    if (e instanceof WorkloadSpecError) throw new WorkloadSpecError(`workload.${e.field}`, e.reason);
    throw e;
  }
  const kernelPageTable = o.kernelPageTable === undefined ? 'none' : validateKernelPageTableSource(o.kernelPageTable);
  // A churn run has no page tables: refuse the field rather than ignore it.
  if (kernelPageTable !== 'none' && kind !== 'mapping') throw new WorkloadSpecError('kernelPageTable', `only a mapping workload runs on page tables (this one is ${JSON.stringify(kind)})`);
  return { machine: resolve(dirname(path), o.machine), bugs: bugs as string[], check: o.check === true, kernelPageTable, workload };
}
