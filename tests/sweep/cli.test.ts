import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './helpers.js';

// The real command, as a user runs it.
const cli = (...args: string[]) => spawnSync('node', ['bin/kernel-sim.js', ...args], { encoding: 'utf8', cwd: ROOT });

describe('kernel-sim sweep', () => {
  it('a malformed sweep file is one line on stderr naming the field, exit 1, no results folder', () => {
    const d = tempDir('cli-bad');
    const f = join(d, 'bad.sweep.json');
    writeFileSync(f, JSON.stringify({ name: 'bad', jobs: [{ kind: 'explore', scenario: 'hep-01', strategy: 'random', runs: 10, shards: 2, depth: 0 }] }));
    const r = cli('sweep', f, '--out', join(d, 'out'));
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('kernel-sim: SweepSpecError: sweep file: jobs[0].depth: must be an integer from 1 to 64, not 0\n');
    expect(spawnSync('ls', [join(d, 'out')]).status).not.toBe(0);
  });

  it('--plan lists the jobs, a run prints the summary, a second run resumes, --summary reads the folder', () => {
    const d = tempDir('cli');
    const f = join(d, 'tiny.sweep.json');
    writeFileSync(f, JSON.stringify({ name: 'tiny', jobs: [{ kind: 'fuzz', parser: 'e820', inputs: 300, batch: 100 }, { kind: 'explore', scenario: 'hep-03', strategy: 'dfs', bound: 1, shards: 2 }] }));
    const plan = JSON.parse(cli('sweep', f, '--plan', '--json').stdout) as { jobs: { id: string }[] };
    expect(plan.jobs.length).toBe(5);
    const out = join(d, 'out');
    const first = cli('sweep', f, '--out', out, '--threads', '1');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/fuzz +e820 +3 +0 /);
    expect(first.stderr).toMatch(/tiny: 5 jobs run, 0 already in/);
    const again = cli('sweep', f, '--out', out, '--threads', '1');
    expect(again.stderr).toMatch(/tiny: 0 jobs run, 5 already in/);
    const rows = JSON.parse(cli('sweep', f, '--out', out, '--summary', '--json').stdout) as { id: string; status: string }[];
    expect(rows.map((r) => r.id)).toEqual(plan.jobs.map((j) => j.id));
    expect(rows.every((r) => r.status === 'ok')).toBe(true);
  });

  it('a worker refuses a URL that is not redis://', () => {
    const r = cli('worker', 'http://127.0.0.1:6390/0');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^kernel-sim: SweepQueueError: queue http:\/\/127\.0\.0\.1:6390\/0: has scheme http:/);
  });
});
