/**
 * Sweep files: what `kernel-sim sweep SWEEP.json` runs. A sweep names job templates; any value
 * in a template may be a grid axis (`{ "each": [...] }`, `{ "from": 1, "to": 20 }`), and a
 * workload's `machine` may be `{ "datasets": "mbi" | "e820" | "all" }`, every checked-in map.
 *
 * ```json
 * { "name": "alo02-fragmentation", "timeoutSeconds": 600,
 *   "jobs": [
 *     { "kind": "workload", "machine": { "datasets": "mbi" }, "bugs": { "each": [[], ["ALO-02"]] },
 *       "workload": { "kind": "churn", "seed": { "from": 1, "to": 3 }, "steps": 20000,
 *                     "orders": { "0": 16, "3": 1 }, "lifetime": { "min": 10, "max": 4000 }, "longLivedFraction": 0.05 } },
 *     { "kind": "explore", "scenario": "hep-01", "params": { "cpus": { "each": [2, 4, 8] } },
 *       "strategy": "random", "runs": 100000, "shards": 10 },
 *     { "kind": "explore", "scenario": "hep-03", "strategy": "dfs", "bound": 2, "shards": 4 },
 *     { "kind": "fuzz", "parser": "multiboot2", "inputs": 1000000, "batch": 50000 } ] }
 * ```
 * Each grid point becomes one job (a workload run), or several: an exploration's `shards`, a
 * fuzzing campaign's batches. Jobs keep the file's order; two points with the same canonical
 * parameters are one job.
 * @module
 */
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { listDatasets } from '../../boot/index.js';
import { SweepSpecError } from '../errors.js';
import { stableId } from './canonical.js';
import { expandGrid } from './grid.js';
import type { Job, PlannedJob } from './job.js';
import { exploreJobs, fuzzJobs, intField, jobKindOf, refuseUnknown, workloadJob } from './validate-job.js';
import { parseJsonText } from '../../util/json-text.js';

/** A validated, expanded sweep. */
export interface SweepPlan {
  readonly name: string;
  /** Hash of the job IDs in order: a results folder belongs to exactly one sweep. */
  readonly sweepId: string;
  readonly jobs: readonly PlannedJob[];
}

const DEFAULT_TIMEOUT_S = 600;

/** Replaces `{ "datasets": ... }` in a workload template by an axis of map paths relative to the sweep file. */
function datasetsAxis(t: Record<string, unknown>, field: string, sweepPath: string, root: string): Record<string, unknown> {
  const m = t.machine;
  if (m === null || typeof m !== 'object' || Array.isArray(m) || !('datasets' in m)) return t;
  const which = (m as { datasets: unknown }).datasets;
  if (which !== 'mbi' && which !== 'e820' && which !== 'all') throw new SweepSpecError(`${field}.machine.datasets`, `must be "mbi", "e820" or "all", not ${JSON.stringify(which)}`);
  const paths = listDatasets(resolve(root, 'datasets'))
    .filter((d) => which === 'all' || d.kind === which)
    .map((d) => relative(dirname(sweepPath), d.path));
  return { ...t, machine: { each: paths } };
}

/**
 * Checks a parsed sweep file and expands it into jobs. `path` is where it was read from;
 * `root` the package root.
 * @throws SweepSpecError naming the field (`jobs[1].workload.steps`), with the grid point when it matters.
 */
export function planSweep(json: unknown, path: string, root: string): SweepPlan {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new SweepSpecError('(root)', 'must be an object { name, jobs, timeoutSeconds? }');
  const o = json as Record<string, unknown>;
  refuseUnknown(o, ['name', 'timeoutSeconds', 'jobs'], '');
  if (typeof o.name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(o.name)) throw new SweepSpecError('name', 'must be a name of letters, digits, ".", "_" and "-"');
  const timeout = intField(o, 'timeoutSeconds', '(root)', 1, 7 * 86400, DEFAULT_TIMEOUT_S);
  if (!Array.isArray(o.jobs) || o.jobs.length === 0) throw new SweepSpecError('jobs', 'must be a non-empty list of job templates');
  const seen = new Set<string>();
  const jobs: PlannedJob[] = [];
  o.jobs.forEach((raw: unknown, i: number) => {
    const field = `jobs[${i}]`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new SweepSpecError(field, 'must be an object with a kind');
    const t = raw as Record<string, unknown>;
    const kind = jobKindOf(t, field);
    const timeoutMs = 1000 * intField(t, 'timeoutSeconds', field, 1, 7 * 86400, timeout);
    const points = expandGrid(kind === 'workload' ? datasetsAxis(t, field, path, root) : t, field);
    points.forEach((p, k) => {
      let made: Job[];
      try {
        made = kind === 'workload' ? [workloadJob(p, field, path, root)] : kind === 'explore' ? exploreJobs(p, field) : fuzzJobs(p, field);
      } catch (e) {
        if (e instanceof SweepSpecError && points.length > 1) throw new SweepSpecError(e.field, `${e.reason} (grid point ${k + 1} of ${points.length})`);
        throw e;
      }
      for (const job of made) {
        const id = stableId(job);
        if (seen.has(id)) continue;
        seen.add(id);
        jobs.push({ id, job, timeoutMs });
      }
    });
  });
  return { name: o.name, sweepId: stableId({ name: o.name, jobs: jobs.map((j) => j.id) }), jobs };
}

/** Reads and plans the sweep file at `path`. @throws SweepSpecError for a missing file or bad JSON too. */
export function readSweepFile(path: string, root: string): SweepPlan {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SweepSpecError('(file)', `cannot read ${path}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = parseJsonText(text);
  } catch (e) {
    throw new SweepSpecError('(file)', `${path} is not valid JSON: ${(e as Error).message}`);
  }
  return planSweep(json, resolve(path), root);
}
