import { beforeAll, describe, expect, it } from 'vitest';
import { runStress, runWorkload, STRESS_WORKLOADS } from '../../kernel-sim/audit/stress/index.js';
import { bugSet } from '../../kernel-sim/bugs/index.js';
import { cli, ensureBuilt } from '../cli/compiled-cli.js';

const workload = (name: string) => STRESS_WORKLOADS.find((w) => w.name === name)!;

// A short run for CI; the detection matrix and the long fixed-mode run are in the long suite.
describe('stress workloads', () => {
  it('fixed mode: every workload runs its operations with no detection', () => {
    const r = runStress({ ops: 300, seeds: [1, 2], checkEvery: 100 });
    expect(r.detections).toEqual([]);
    expect(r.runs).toBe(STRESS_WORKLOADS.length * 2);
    expect(r.ops).toBe(STRESS_WORKLOADS.length * 2 * 300);
  });

  it('the same seed gives the same run: a switch is caught at the same operation', () => {
    const a = runWorkload(workload('allocator'), 3, 5000, bugSet('ALO-02'));
    const b = runWorkload(workload('allocator'), 3, 5000, bugSet('ALO-02'));
    expect(a.detection).not.toBeNull();
    expect(b.detection).toEqual(a.detection);
  });

  // Each check bites on the switch it is for (the matrix measures them all).
  const cases: [string, string, string][] = [
    ['RTL-01', 'allocator', 'reference model (allocator)'],
    ['BSA-01', 'allocator', 'reference model (allocator)'],
    ['IOV-01', 'frames', 'Target 6'],
    ['MOM-04', 'page-table-user', 'reference model (page-table-user)'],
    ['CUR-06', 'page-table-kernel', 'reference model (page-table-kernel)'],
    ['MOM-02', 'vm-space', 'counter: invlpgs per range flush'],
    ['SPA-01', 'vm-space', 'stale-TLB detector'],
    ['HEP-02', 'heap', 'counter: heap bytes with nothing live'],
  ];
  for (const [id, name, check] of cases) {
    it(`${id} is caught by ${check} in ${name}`, () => {
      const r = runWorkload(workload(name), 1, 3000, bugSet(id));
      expect(r.detection?.caughtBy).toBe(check);
    });
  }
});

describe('kernel-sim stress', () => {
  beforeAll(ensureBuilt);

  it('exits 0 with counts in fixed mode, 3 with the detection when a switch is caught', () => {
    const ok = cli('stress', '--ops', '50', '--seeds', '1..2', '--workloads', 'allocator,heap', '--json');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ops: 200, runs: 4, detections: [] });
    const bad = cli('stress', '--ops', '200', '--workloads', 'frames', '--bugs', 'IOV-01', '--json');
    expect(bad.status).toBe(3);
    expect(JSON.parse(bad.stdout).detections[0]).toMatchObject({ workload: 'frames', caughtBy: 'Target 6' });
  });

  it('refuses bad options with a typed error', () => {
    for (const args of [['--seeds', '5..2'], ['--seeds', 'x'], ['--workloads', 'nope'], ['--ops', '0']]) {
      const r = cli('stress', ...args);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^kernel-sim: OptionValueError/);
    }
  });
});
