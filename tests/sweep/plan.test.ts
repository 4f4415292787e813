import { describe, expect, it } from 'vitest';
import { canonicalJson, planSweep, readSweepFile, stableId, SweepSpecError } from '../../kernel-sim/sweep/index.js';
import { churnTemplate, FIXTURE_PATH, ROOT, SMALL } from './helpers.js';

const plan = (jobs: unknown[], extra: Record<string, unknown> = {}) => planSweep({ name: 't', jobs, ...extra }, FIXTURE_PATH, ROOT);

describe('sweep files expand into jobs with stable IDs', () => {
  it('expands grids, shards and batches in the file order', () => {
    const p = readSweepFile(SMALL, ROOT);
    // 2 bug sets x 2 seeds, 1 mapping run, 2 cpus x 2 shards, 3 DFS shards, 2 parsers x 2 batches.
    expect(p.jobs.map((j) => j.job.kind)).toEqual([...Array(5).fill('workload'), ...Array(7).fill('explore'), ...Array(4).fill('fuzz')]);
    const hep = p.jobs.filter((j) => j.job.kind === 'explore' && j.job.scenario === 'hep-01').map((j) => j.job);
    expect(hep.map((j) => (j.kind === 'explore' ? [j.params.cpus, j.shard, j.runs] : null))).toEqual([[2, 0, 200], [2, 1, 200], [4, 0, 200], [4, 1, 200]]);
    expect(new Set(p.jobs.map((j) => j.id)).size).toBe(16);
    expect(p.jobs.every((j) => j.timeoutMs === 120_000)).toBe(true);
  });

  it('gives the same IDs for the same file, whatever the key order, and other IDs for other parameters', () => {
    const a = readSweepFile(SMALL, ROOT);
    expect(readSweepFile(SMALL, ROOT)).toEqual(a);
    const t = churnTemplate();
    const reordered = Object.fromEntries(Object.entries(t).reverse());
    expect(plan([t]).jobs[0]!.id).toBe(plan([reordered]).jobs[0]!.id);
    expect(plan([churnTemplate({ bugs: ['ALO-02'] })]).jobs[0]!.id).not.toBe(plan([t]).jobs[0]!.id);
    expect(stableId({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe(stableId({ a: [2, { c: 4, d: 3 }], b: 1 }));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
    // The timeout is not a parameter of the result: it does not change the ID.
    expect(plan([{ ...t, timeoutSeconds: 5 }]).jobs[0]!.id).toBe(plan([t]).jobs[0]!.id);
  });

  it('names machines relative to the package root with their hash, and a datasets axis takes every map', () => {
    const j = plan([churnTemplate()]).jobs[0]!.job;
    expect(j.kind === 'workload' && j.machine).toBe('datasets/mbi/q35-128M.mbi');
    expect(j.kind === 'workload' && j.machineSha256).toMatch(/^[0-9a-f]{64}$/);
    const all = plan([churnTemplate({ machine: { datasets: 'all' } })]).jobs;
    expect(all.length).toBe(21);
    expect(plan([churnTemplate({ machine: { datasets: 'e820' } })]).jobs.length).toBe(7);
  });

  it('merges grid points with the same canonical parameters into one job', () => {
    expect(plan([churnTemplate({ bugs: { each: [['ALO-02'], ['alo-02']] } })]).jobs.length).toBe(1);
    expect(plan([churnTemplate(), churnTemplate()]).jobs.length).toBe(1);
  });

  it('deals runs to random shards and derives disjoint fuzz batches', () => {
    const e = plan([{ kind: 'explore', scenario: 'hep-01', strategy: 'random', runs: 10, shards: 3 }]).jobs.map((j) => (j.job.kind === 'explore' ? j.job.runs : 0));
    expect(e).toEqual([4, 3, 3]);
    const f = plan([{ kind: 'fuzz', parser: 'e820', inputs: 25, batch: 10 }]).jobs.map((j) => (j.job.kind === 'fuzz' ? [j.job.batch, j.job.inputs] : null));
    expect(f).toEqual([[0, 10], [1, 10], [2, 5]]);
  });

  const bad: [string, unknown, string][] = [
    ['root', [], '(root)'],
    ['name', { name: 'a b', jobs: [churnTemplate()] }, 'name'],
    ['unknown root key', { name: 't', jobs: [churnTemplate()], job: 1 }, 'job'],
    ['no jobs', { name: 't', jobs: [] }, 'jobs'],
    ['kind', { name: 't', jobs: [{ kind: 'bench' }] }, 'jobs[0].kind'],
    ['unknown field', { name: 't', jobs: [{ ...churnTemplate(), seed: 1 }] }, 'jobs[0].seed'],
    ['workload steps', { name: 't', jobs: [churnTemplate({ workload: { kind: 'churn', seed: 1, steps: -1, orders: { '0': 1 }, lifetime: { min: 1, max: 2 }, longLivedFraction: 0 } })] }, 'jobs[0].workload.steps'],
    ['bug id', { name: 't', jobs: [churnTemplate({ bugs: ['NOPE-01'] })] }, 'jobs[0].bugs'],
    ['missing machine', { name: 't', jobs: [churnTemplate({ machine: 'nope.mbi' })] }, 'jobs[0].machine'],
    ['datasets', { name: 't', jobs: [churnTemplate({ machine: { datasets: 'mine' } })] }, 'jobs[0].machine.datasets'],
    ['empty axis', { name: 't', jobs: [churnTemplate({ bugs: { each: [] } })] }, 'jobs[0].bugs'],
    ['range axis', { name: 't', jobs: [churnTemplate({ check: { from: 3, to: 1 } })] }, 'jobs[0].check'],
    ['scenario', { name: 't', jobs: [{ kind: 'explore', scenario: 'hep-99', strategy: 'dfs' }] }, 'jobs[0].scenario'],
    ['scenario param', { name: 't', jobs: [{ kind: 'explore', scenario: 'hep-01', strategy: 'dfs', params: { cpus: 99 } }] }, 'jobs[0].params'],
    ['strategy', { name: 't', jobs: [{ kind: 'explore', scenario: 'hep-01', strategy: 'bfs' }] }, 'jobs[0].strategy'],
    ['shards', { name: 't', jobs: [{ kind: 'explore', scenario: 'hep-01', strategy: 'random', runs: 2, shards: 3 }] }, 'jobs[0].runs'],
    ['parser', { name: 't', jobs: [{ kind: 'fuzz', parser: 'elf', inputs: 1 }] }, 'jobs[0].parser'],
    ['inputs', { name: 't', jobs: [{ kind: 'fuzz', parser: 'e820' }] }, 'jobs[0].inputs'],
    ['timeout', { name: 't', timeoutSeconds: 0, jobs: [churnTemplate()] }, '(root).timeoutSeconds'],
  ];
  it.each(bad)('refuses a bad %s with a typed error naming the field', (_what, json, field) => {
    let err: unknown;
    try {
      planSweep(json, FIXTURE_PATH, ROOT);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SweepSpecError);
    expect((err as SweepSpecError).field).toBe(field);
  });

  it('says which grid point was bad', () => {
    const t = churnTemplate({ machine: { each: ['../../../datasets/mbi/q35-128M.mbi', 'missing.mbi'] } });
    expect(() => plan([t])).toThrow(/jobs\[0\]\.machine: .*\(grid point 2 of 2\)/);
  });

  it('refuses a file that is missing or not JSON', () => {
    expect(() => readSweepFile('/nonexistent/sweep.json', ROOT)).toThrow(SweepSpecError);
    expect(() => readSweepFile(`${ROOT}/package-lock.json.nope`, ROOT)).toThrow(/cannot read/);
    expect(() => readSweepFile(`${ROOT}/README.md`, ROOT)).toThrow(/is not valid JSON/);
  });
});
