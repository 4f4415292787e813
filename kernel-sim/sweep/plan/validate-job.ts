/**
 * Checks one grid point of a sweep file and turns it into a {@link Job}: a workload point
 * through the workload file's own validation, an exploration through the scenario registry,
 * a fuzzing campaign into its seeded batches.
 * @module
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { getScenario, ScenarioParamError } from '../../audit/scenarios/index.js';
import { bugSet } from '../../bugs/index.js';
import { validateWorkloadFile } from '../../experiments/index.js';
import { UnknownScenarioError } from '../../sync/index.js';
import { KernelSimError } from '../../util/errors.js';
import { WorkloadSpecError } from '../../workloads/index.js';
import { SweepSpecError } from '../errors.js';
import { sha256Hex } from './canonical.js';
import { FUZZ_PARSERS, type ExploreJob, type FuzzJob, type FuzzParser, type Job, type WorkloadJob } from './job.js';

/** Fields of each job kind (besides `kind` and `timeoutSeconds`). */
const FIELDS: Record<Job['kind'], readonly string[]> = {
  workload: ['machine', 'bugs', 'check', 'kernelPageTable', 'workload', 'allocProbe'],
  explore: ['scenario', 'variant', 'params', 'strategy', 'seed', 'depth', 'bound', 'runs', 'shards', 'splitDepth', 'maxSteps', 'spinBound'],
  fuzz: ['parser', 'inputs', 'batch', 'seed', 'maxMutations'],
};

/** Refuses keys of `o` not in `known`. */
export function refuseUnknown(o: Record<string, unknown>, known: readonly string[], field: string): void {
  for (const k of Object.keys(o)) if (!known.includes(k)) throw new SweepSpecError(field ? `${field}.${k}` : k, `unknown field (expected ${known.join(', ')})`);
}

/** An integer field in [min, max], or its default. */
export function intField(o: Record<string, unknown>, key: string, field: string, min: number, max: number, dflt?: number): number {
  const v = o[key] ?? dflt;
  if (v === undefined) throw new SweepSpecError(`${field}.${key}`, 'is required');
  if (!Number.isSafeInteger(v) || (v as number) < min || (v as number) > max) throw new SweepSpecError(`${field}.${key}`, `must be an integer from ${min} to ${max}, not ${JSON.stringify(v)}`);
  return v as number;
}

/** The job kinds a sweep file may list. */
export function jobKindOf(o: Record<string, unknown>, field: string): Job['kind'] {
  const k = o.kind;
  if (k !== 'workload' && k !== 'explore' && k !== 'fuzz') throw new SweepSpecError(`${field}.kind`, `must be "workload", "explore" or "fuzz", not ${JSON.stringify(k)}`);
  refuseUnknown(o, ['kind', 'timeoutSeconds', ...FIELDS[k]], field);
  return k;
}

/**
 * The workload job of one grid point. `sweepPath` is the sweep file (machine paths are
 * relative to it); `root` the package root (machine paths in jobs are relative to it).
 */
export function workloadJob(point: Record<string, unknown>, field: string, sweepPath: string, root: string): WorkloadJob {
  const { kind: _k, timeoutSeconds: _t, allocProbe, ...file } = point;
  if (allocProbe !== undefined && !(typeof allocProbe === 'number' && allocProbe > 0 && allocProbe <= 1)) {
    throw new SweepSpecError(`${field}.allocProbe`, `must be a share of the free frames in (0, 1], not ${JSON.stringify(allocProbe)}`);
  }
  let wf;
  try {
    wf = validateWorkloadFile(file, sweepPath);
  } catch (e) {
    if (e instanceof WorkloadSpecError) throw new SweepSpecError(`${field}.${e.field}`, e.reason);
    throw e;
  }
  let bugs: string[];
  try {
    bugs = [...bugSet(wf.bugs)].sort();
  } catch (e) {
    if (e instanceof KernelSimError) throw new SweepSpecError(`${field}.bugs`, e.message);
    throw e;
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(wf.machine);
  } catch (e) {
    throw new SweepSpecError(`${field}.machine`, `cannot read ${wf.machine}: ${(e as Error).message}`);
  }
  const rel = relative(root, wf.machine);
  const machine = rel.startsWith('..') || isAbsolute(rel) ? wf.machine : rel.split('\\').join('/');
  const workload = { kind: wf.workload.kind, ...wf.workload.spec } as WorkloadJob['workload'];
  const job: WorkloadJob = { kind: 'workload', machine, machineSha256: sha256Hex(bytes), bugs, check: wf.check, kernelPageTable: wf.kernelPageTable, workload };
  return allocProbe === undefined ? job : { ...job, allocProbe: allocProbe as number };
}

/** The shards of one exploration grid point. */
export function exploreJobs(p: Record<string, unknown>, field: string): ExploreJob[] {
  if (typeof p.scenario !== 'string') throw new SweepSpecError(`${field}.scenario`, 'must be a scenario id (kernel-sim scenarios lists them)');
  const variant = p.variant ?? 'audited';
  if (variant !== 'audited' && variant !== 'fixed') throw new SweepSpecError(`${field}.variant`, `must be "audited" or "fixed", not ${JSON.stringify(variant)}`);
  const params = p.params ?? {};
  if (params === null || typeof params !== 'object' || Array.isArray(params) || !Object.values(params).every((v) => Number.isSafeInteger(v))) {
    throw new SweepSpecError(`${field}.params`, 'must be an object of integer scenario parameters, e.g. { "cpus": 4 }');
  }
  try {
    getScenario(p.scenario).build(variant, params as Record<string, number>);
  } catch (e) {
    if (e instanceof UnknownScenarioError) throw new SweepSpecError(`${field}.scenario`, e.message);
    if (e instanceof ScenarioParamError) throw new SweepSpecError(`${field}.params`, e.message);
    throw e;
  }
  const strategy = p.strategy;
  if (strategy !== 'random' && strategy !== 'pct' && strategy !== 'dfs') throw new SweepSpecError(`${field}.strategy`, `must be "random", "pct" or "dfs", not ${JSON.stringify(strategy)}`);
  const shards = intField(p, 'shards', field, 1, 100_000, 1);
  const runs = intField(p, 'runs', field, 1, 1e12, strategy === 'dfs' ? 1_000_000 : undefined);
  if (strategy !== 'dfs' && runs < shards) throw new SweepSpecError(`${field}.runs`, `${runs} runs cannot be split into ${shards} shards`);
  const base = {
    kind: 'explore' as const,
    scenario: p.scenario,
    variant: variant as ExploreJob['variant'],
    params: { ...(params as Record<string, number>) },
    strategy: strategy as ExploreJob['strategy'],
    seed: intField(p, 'seed', field, -(2 ** 31), 2 ** 31 - 1, 1),
    depth: intField(p, 'depth', field, 1, 64, 2),
    bound: intField(p, 'bound', field, 0, 64, 2),
    shards,
    splitDepth: intField(p, 'splitDepth', field, 0, 64, strategy === 'dfs' ? 3 : 0),
    maxSteps: intField(p, 'maxSteps', field, 1, 1e9, 10_000),
    spinBound: intField(p, 'spinBound', field, 1, 1e9, 1_000),
  };
  const out: ExploreJob[] = [];
  for (let shard = 0; shard < shards; shard++) {
    // random/PCT: the runs dealt out; DFS: each shard's cap is the whole budget.
    const mine = strategy === 'dfs' ? runs : Math.floor(runs / shards) + (shard < runs % shards ? 1 : 0);
    out.push({ ...base, runs: mine, shard });
  }
  return out;
}

/** The batches of one fuzzing grid point. */
export function fuzzJobs(p: Record<string, unknown>, field: string): FuzzJob[] {
  if (!FUZZ_PARSERS.includes(p.parser as FuzzParser)) throw new SweepSpecError(`${field}.parser`, `must be one of ${FUZZ_PARSERS.join(', ')}, not ${JSON.stringify(p.parser)}`);
  const inputs = intField(p, 'inputs', field, 1, 1e10);
  const batch = intField(p, 'batch', field, 1, 10_000_000, 10_000);
  const seed = intField(p, 'seed', field, -(2 ** 31), 2 ** 31 - 1, 1);
  const maxMutations = intField(p, 'maxMutations', field, 1, 64, 6);
  const out: FuzzJob[] = [];
  for (let b = 0; b * batch < inputs; b++) {
    out.push({ kind: 'fuzz', parser: p.parser as FuzzParser, seed, batch: b, inputs: Math.min(batch, inputs - b * batch), maxMutations });
  }
  return out;
}
