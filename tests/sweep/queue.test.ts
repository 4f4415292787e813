import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSweepResults, planSweep, QUEUE_NAME, queueExecutor, SweepQueueError, type Executor, type JobResult, type SweepPlan } from '../../kernel-sim/sweep/index.js';
import { churnTemplate, compiledSweep, deterministic, FIXTURE_PATH, ROOT, sweepInto as sweepAt, tempDir, type SweepApi } from './helpers.js';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const hasRedis = spawnSync('sh', ['-c', 'command -v redis-server']).status === 0;

/** A redis-server of our own on loopback, not daemonized, so the test can stop it by its pid. */
async function startRedis(port: number): Promise<ChildProcess> {
  const p = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    r.on('error', () => {});
    try {
      await r.connect();
      await r.ping();
      r.disconnect();
      return p;
    } catch {
      r.disconnect();
      await new Promise((res) => setTimeout(res, 100));
    }
  }
  throw new Error(`redis-server did not start on port ${port}`);
}

function stop(p: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!p || p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((res) => {
    p.once('exit', () => res());
    p.kill(signal);
  });
}

/** A `kernel-sim worker` process; its stderr lines are collected. */
function workerProcess(url: string): { proc: ChildProcess; lines: string[] } {
  const proc = spawn(process.execPath, [join(ROOT, 'bin/kernel-sim.js'), 'worker', url, '--threads', '1', '--lock-seconds', '2'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  const lines: string[] = [];
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => lines.push(...d.split('\n').filter(Boolean)));
  return { proc, lines };
}

const sweepInto = (dir: string, plan: SweepPlan, executor: Executor) => sweepAt(dir, plan, executor, VERSION, true);

function journalIds(dir: string): string[] {
  return readFileSync(join(dir, 'rows.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as JobResult).id);
}

const seeds = { from: 1, to: 8 };
const plan = planSweep(
  {
    name: 'queue-test',
    jobs: [
      churnTemplate({ workload: { kind: 'churn', seed: seeds, steps: 6000, orders: { '0': 8, '2': 2, '4': 1 }, lifetime: { min: 5, max: 800 }, longLivedFraction: 0.05 } }),
      { kind: 'explore', scenario: 'hep-01', params: { cpus: 3 }, strategy: 'random', runs: 3000, shards: 2 },
    ],
  },
  FIXTURE_PATH,
  ROOT,
);

// The pools, executors and in-process workers are the compiled package's (as `kernel-sim sweep` and
// `kernel-sim worker` run them): their threads load dist/, not the sources through tsx.
describe.skipIf(!hasRedis)('a sweep through a real Redis queue and worker processes', () => {
  const port = 6400 + (process.pid % 500);
  const url = `redis://127.0.0.1:${port}/0`;
  let redis: ChildProcess;
  let api: SweepApi;
  const workers: ChildProcess[] = [];
  beforeAll(async () => {
    api = await compiledSweep();
    redis = await startRedis(port);
  });
  afterAll(async () => {
    for (const w of workers) await stop(w, 'SIGKILL');
    await stop(redis);
  });

  it('gathers every job exactly once, equal row by row to the single-machine run, though a worker is killed mid-sweep', async () => {
    const local = tempDir('queue-local');
    await sweepInto(local, plan, api.localExecutor(ROOT, 2));
    const dir = tempDir('queue');
    const gathered = sweepInto(dir, plan, await api.queueExecutor(url, plan.sweepId, VERSION));
    // Worker a alone, killed (SIGKILL: no goodbye) once it has finished a job and taken the next;
    // only then does b start, so b runs what a left (its taken job after the lock expires) however
    // the two processes' start-ups race on a loaded machine.
    const a = workerProcess(url);
    workers.push(a.proc);
    const q = new Queue(QUEUE_NAME, { connection: { host: '127.0.0.1', port } });
    // However long a loaded machine takes (the suite's hang guard stops a hang).
    while (!a.lines.some((l) => l.startsWith('job '))) await new Promise((r) => setTimeout(r, 50));
    while ((await q.getActiveCount()) < 1) await new Promise((r) => setTimeout(r, 20));
    await stop(a.proc, 'SIGKILL');
    const b = workerProcess(url);
    workers.push(b.proc);
    const o = await gathered;
    await q.close();
    expect(o.failed).toBe(0);
    const ids = journalIds(dir);
    expect(ids.length).toBe(plan.jobs.length);
    expect(new Set(ids).size).toBe(plan.jobs.length);
    const mine = loadSweepResults(dir).jobs;
    expect(deterministic(mine.objects() as never)).toEqual(deterministic(loadSweepResults(local).jobs.objects() as never));
    expect(loadSweepResults(dir).series.objects()).toEqual(loadSweepResults(local).series.objects());
    // Worker b ran the jobs a left, the one a had taken included.
    expect(b.lines.filter((l) => l.startsWith('job ')).length).toBeGreaterThan(0);
    await stop(b.proc);
  });

  it('a worker of another version puts the job back and stops; a worker of this version then runs it, once', async () => {
    const one = planSweep({ name: 'version-test', jobs: [churnTemplate({ workload: { kind: 'churn', seed: 99, steps: 300, orders: { '0': 1 }, lifetime: { min: 5, max: 50 }, longLivedFraction: 0 } })] }, FIXTURE_PATH, ROOT);
    const dir = tempDir('version');
    const gathered = sweepInto(dir, one, await api.queueExecutor(url, one.sweepId, VERSION));
    const old = await api.startQueueWorker({ url, root: ROOT, version: '0.0.1-other', threads: 1, lockMs: 2000 });
    await expect(old.done).rejects.toThrow(api.SweepVersionError);
    await expect(old.done).rejects.toThrow(/made by kernel-sim 0\.1\.0; this worker is kernel-sim 0\.0\.1-other/);
    await old.close();
    const right = await api.startQueueWorker({ url, root: ROOT, version: VERSION, threads: 1, lockMs: 2000 });
    const o = await gathered;
    await right.close();
    expect(o.ran).toBe(1);
    expect(journalIds(dir)).toEqual([one.jobs[0]!.id]);
    expect(loadSweepResults(dir).jobs.array('status')).toEqual(['ok']);
  });

  it('a Redis that goes away mid-sweep is a typed error, and the rows already gathered stay', async () => {
    const port2 = port + 1;
    const url2 = `redis://127.0.0.1:${port2}/1`;
    const r2 = await startRedis(port2);
    const dir = tempDir('gone');
    const w = await api.startQueueWorker({ url: url2, root: ROOT, version: VERSION, threads: 1, lockMs: 2000 });
    w.done.catch(() => {});
    const seen: string[] = [];
    const exec = await api.queueExecutor(url2, plan.sweepId, VERSION);
    const counting: Executor = { execute: (jobs, on) => exec.execute(jobs, (r) => { seen.push(r.id); on(r); }), close: () => exec.close() };
    const gathered = sweepInto(dir, plan, counting);
    // Wait for the first gathered row however long a loaded machine takes (the suite's hang guard stops a hang).
    while (seen.length < 1) await new Promise((r) => setTimeout(r, 100));
    await stop(r2, 'SIGKILL');
    await expect(gathered).rejects.toThrow(api.SweepQueueError);
    await expect(gathered).rejects.toThrow(/went away/);
    await w.close();
    expect(seen.length).toBeGreaterThan(0);
    expect(journalIds(dir)).toEqual(seen);
  });
});

describe('queue URLs and a Redis that is not there', () => {
  it('refuses a malformed URL and names it', async () => {
    await expect(queueExecutor('http://localhost:6379/0', 'x', VERSION)).rejects.toThrow(/queue http:\/\/localhost:6379\/0: has scheme http:/);
    await expect(queueExecutor('redis://localhost:6379/db', 'x', VERSION)).rejects.toThrow(/database db is not a number/);
  });
  it('says when nothing listens at the URL', async () => {
    const e = await queueExecutor('redis://127.0.0.1:1/0', 'x', VERSION).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SweepQueueError);
    expect((e as Error).message).toMatch(/queue redis:\/\/127\.0\.0\.1:1\/0: cannot connect: .*is redis-server running\?/);
  });
});
