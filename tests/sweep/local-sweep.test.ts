import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pl from 'nodejs-polars';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  columnType, jobRow, localExecutor, loadSweepResults, planSweep, readSweepFile, ResultsStore, runJob, SweepResultsError,
  type Executor, type JobResult, type SweepPlan,
} from '../../kernel-sim/sweep/index.js';
import { churnTemplate, compiledSweep, deterministic, FIXTURE_PATH, resultCore, ROOT, SMALL, sweepInto as sweepAt, tempDir } from './helpers.js';
import { ARROW_TYPE, pandasHas, readWithPandas, storedValues, writtenTables } from './parquet-readers.js';

const VERSION = '0.1.0';

const sweepInto = (dir: string, plan: SweepPlan, executor: Executor) => sweepAt(dir, plan, executor, VERSION);

// The compiled package's pool, as `kernel-sim sweep` runs it (its threads load dist/); the last
// test runs the source tree's pool, whose threads load the sources through tsx.
describe('a sweep on the local worker-thread pool', () => {
  const plan = readSweepFile(SMALL, ROOT);
  let pool: Executor;
  let dir: string;
  beforeAll(async () => {
    pool = (await compiledSweep()).localExecutor(ROOT, 2);
    dir = tempDir('sweep');
    await sweepInto(dir, plan, pool);
  });
  afterAll(() => pool.close());

  it('gives, job by job, the results of running each job in this process', () => {
    const { jobs } = loadSweepResults(dir);
    expect(jobs.numRows()).toBe(plan.jobs.length);
    const here = plan.jobs.map((p) => jobRow(p, runJob(p, ROOT)));
    expect(deterministic(jobs.objects() as never)).toEqual(deterministic(here as never));
    expect(jobs.array('status')).toEqual(Array(16).fill('ok'));
  });

  it('writes the sampled series in a second table, one block per job', () => {
    const { series } = loadSweepResults(dir);
    expect(series.columnNames()).toEqual(['job', 'series', 'step', 'key', 'metric', 'value']);
    const kinds = new Set(series.array('series') as string[]);
    expect([...kinds].sort()).toEqual(['faults', 'fragmentation', 'free-memory', 'tlb']);
    const churn = plan.jobs[0]!;
    const direct = runJob(churn, ROOT).series;
    const mine = series.filter(`d => d.job === '${churn.id}'`);
    expect(mine.array('value')).toEqual(direct.value);
  });

  it('writes Parquet that DuckDB reads with the same rows and types', async () => {
    const { jobs } = loadSweepResults(dir);
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const r = await c.runAndReadAll(`select id, kind, status, runs, failures, extfrag_o3, "check" from '${join(dir, 'jobs.parquet')}'`);
    const rows = r.getRowObjects();
    expect(rows.map((x) => x.id)).toEqual(jobs.array('id'));
    expect(r.columnTypes().map(String)).toEqual(['VARCHAR', 'VARCHAR', 'VARCHAR', 'DOUBLE', 'DOUBLE', 'DOUBLE', 'BOOLEAN']);
    const agg = await c.runAndReadAll(`select sum(failures) as f from '${join(dir, 'jobs.parquet')}' where scenario = 'hep-01'`);
    const mine = (jobs.objects() as { scenario: string | null; failures: number | null }[]).filter((d) => d.scenario === 'hep-01').reduce((a, d) => a + d.failures!, 0);
    expect(Number(agg.getRowObjects()[0]!.f)).toBe(mine);
    c.closeSync();
  });

  it('writes Parquet that polars (its Rust engine, through nodejs-polars) reads as written: names, types, values, rows', () => {
    const written = writtenTables(dir, plan);
    const polarsType = { number: 'Float64', boolean: 'Bool', string: 'String' } as const;
    for (const [file, cols] of [['jobs.parquet', written.jobs], ['series.parquet', written.series]] as const) {
      const df = pl.readParquet(join(dir, file));
      const names = Object.keys(cols);
      expect(df.height).toBe(cols[names[0]!]!.length);
      expect(df.columns).toEqual(names);
      expect(df.dtypes.map((t) => t.variant)).toEqual(names.map((n) => polarsType[columnType(cols[n]!)]));
      for (const n of names) expect(df.getColumn(n).toArray(), `${file} column ${n}`).toEqual(storedValues(cols[n]!));
    }
    expect(written.jobs.id!.length).toBe(16);
    expect(written.series.job!.length).toBeGreaterThan(1000);
  });

  // pandas has no Parquet reader of its own: it needs pyarrow or fastparquet (`.ci/run` installs both when the machine has their wheels).
  for (const engine of ['pyarrow', 'fastparquet'] as const) {
    it.skipIf(!pandasHas(engine))(`writes Parquet that pandas reads with ${engine} as written: names, types, values, rows`, () => {
      const written = writtenTables(dir, plan);
      for (const [file, cols] of [['jobs.parquet', written.jobs], ['series.parquet', written.series]] as const) {
        const got = readWithPandas(join(dir, file), engine);
        const names = Object.keys(cols);
        expect(got.rows).toBe(cols[names[0]!]!.length);
        expect(got.columns).toEqual(names);
        if (got.arrowTypes) expect(got.arrowTypes).toEqual(names.map((n) => ARROW_TYPE[columnType(cols[n]!)]));
        names.forEach((n, i) => {
          const type = columnType(cols[n]!);
          if (type === 'number') expect(got.dtypes[i], n).toBe('float64');
          // fastparquet reads a bool column with nulls as float64 (1.0, 0.0, NaN).
          const values = type === 'boolean' ? got.values[n]!.map((v) => (v === null ? null : Boolean(v))) : got.values[n];
          expect(values, `${file} column ${n}`).toEqual(storedValues(cols[n]!));
        });
      }
    });
  }

  it('resumes: jobs already in the folder are not run again; a line cut by a crash is dropped and its job reruns', async () => {
    const journal = join(dir, 'rows.jsonl');
    const lines = readFileSync(journal, 'utf8').split('\n').filter(Boolean);
    const again = tempDir('resume');
    const seeded = ResultsStore.open(again, plan, VERSION);
    seeded.release();
    writeFileSync(join(again, 'rows.jsonl'), lines.slice(0, 10).join('\n') + '\n' + lines[10]!.slice(0, 50));
    const seen: string[] = [];
    const counting: Executor = { execute: (jobs, on) => pool.execute(jobs, (r) => { seen.push(r.id); on(r); }), close: async () => {} };
    const o = await sweepInto(again, plan, counting);
    expect(o.skipped).toBe(10);
    expect(o.ran).toBe(6);
    expect(seen.sort()).toEqual(plan.jobs.slice().map((j) => j.id).filter((id) => !lines.slice(0, 10).some((l) => l.includes(id))).sort());
    const a = loadSweepResults(dir).jobs.objects();
    const b = loadSweepResults(again).jobs.objects();
    expect(deterministic(b as never)).toEqual(deterministic(a as never));
    // Every job exactly once in the journal.
    const ids = readFileSync(join(again, 'rows.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as JobResult).id);
    expect(ids.length).toBe(16);
    expect(new Set(ids).size).toBe(16);
  });

  it('refuses a results folder of another sweep, of another version, in use, or with a foreign row, naming the file', () => {
    const other = planSweep({ name: 'other', jobs: [churnTemplate()] }, FIXTURE_PATH, ROOT);
    expect(() => ResultsStore.open(dir, other, VERSION)).toThrow(SweepResultsError);
    expect(() => ResultsStore.open(dir, other, VERSION)).toThrow(/sweep\.json: holds sweep "small" .* not sweep "other"/);
    expect(() => ResultsStore.open(dir, plan, '9.9.9')).toThrow(/written by kernel-sim 0\.1\.0; this is kernel-sim 9\.9\.9/);
    const held = ResultsStore.open(dir, plan, VERSION);
    expect(() => ResultsStore.open(dir, plan, VERSION)).toThrow(new RegExp(`in use by process ${process.pid}`));
    held.release();
    const foreign = tempDir('foreign');
    ResultsStore.open(foreign, plan, VERSION).release();
    writeFileSync(join(foreign, 'rows.jsonl'), readFileSync(join(dir, 'rows.jsonl'), 'utf8').split('\n')[0] + '\n{"id":"0000000000000000"}\n');
    expect(() => ResultsStore.open(foreign, plan, VERSION)).toThrow(/rows\.jsonl line 2: holds job "0000000000000000", which is not a job of sweep "small"/);
    const notResults = tempDir('not');
    writeFileSync(join(notResults, 'notes.txt'), 'mine');
    expect(() => ResultsStore.open(notResults, plan, VERSION)).toThrow(/not empty and has no sweep\.json/);
  });

  it('records a job that throws or runs past its limit as a failed row, and the other rows still come', async () => {
    const bad = planSweep(
      {
        name: 'bad',
        jobs: [
          // MPA-01 on q35-4G: the audited MAX_PADDR leaves no block for the metadata (a kernel panic).
          churnTemplate({ machine: '../../../datasets/mbi/q35-4G.mbi', bugs: ['MPA-01'] }),
          { ...churnTemplate({ workload: { kind: 'churn', seed: 1, steps: 50_000_000, orders: { '0': 1 }, lifetime: { min: 5, max: 100 }, longLivedFraction: 0 } }), timeoutSeconds: 2 },
          churnTemplate(),
        ],
      },
      FIXTURE_PATH,
      ROOT,
    );
    const d = tempDir('bad');
    const o = await sweepInto(d, bad, pool);
    expect(o.failed).toBe(2);
    const rows = loadSweepResults(d).jobs.objects() as { status: string; error: string | null }[];
    expect(rows.map((r) => r.status)).toEqual(['failed', 'failed', 'ok']);
    expect(rows[0]!.error).toMatch(/^KernelPanic: kernel panic in /);
    expect(rows[1]!.error).toMatch(/^TimeoutError: the job ran past its limit of 2 s/);
    expect(resultCore(runJob(bad.jobs[2]!, ROOT)).figures).toEqual(JSON.parse(readFileSync(join(d, 'rows.jsonl'), 'utf8').trim().split('\n').find((l) => l.includes(bad.jobs[2]!.id))!).figures);
  });

  it('runs from the source tree as well: the pool the sources make (threads through tsx) gives the in-process result', async () => {
    const one = planSweep({ name: 'from-sources', jobs: [churnTemplate()] }, FIXTURE_PATH, ROOT);
    const d = tempDir('sources');
    const fromSources = localExecutor(ROOT, 1);
    try {
      await sweepInto(d, one, fromSources);
    } finally {
      await fromSources.close();
    }
    const row = JSON.parse(readFileSync(join(d, 'rows.jsonl'), 'utf8').trim()) as JobResult;
    expect(row.status).toBe('ok');
    expect(resultCore(row)).toEqual(resultCore(runJob(one.jobs[0]!, ROOT)));
  });
});
