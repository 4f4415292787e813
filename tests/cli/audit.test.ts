import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../kernel-sim/cli/program.js';

// Runs the command in-process, capturing stdout and stderr.
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => { out += String(s); return true; });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => { err += String(s); return true; });
  process.exitCode = undefined;
  try {
    const code = await run(args);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
  }
}

afterEach(() => { process.exitCode = undefined; });

describe('kernel-sim audit and findings', () => {
  it('audit IDS --json: live verdicts, exit 0 when as expected', async () => {
    const r = await cli(['audit', 'MEM-01', 'SPA-02', 'FAU-02', '--json', '--detect']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.ok).toBe(true);
    expect(j.findings.map((f: { id: string; result: string }) => [f.id, f.result])).toEqual([['MEM-01', 'reproduced'], ['SPA-02', 'static'], ['FAU-02', 'reproduced']]);
    expect(j.findings[0].detection).toMatchObject({ caughtBy: 'Target 1' });
    expect(j.bySeverity.find((c: { key: string }) => c.key === 'Major')).toMatchObject({ seed: 4, catalogue: 1, reproduced: 1 });
  });

  it('the whole audit prints the summary tables and the 14 targets', async () => {
    const r = await cli(['audit']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/FG5\s+12\s+21\s+19\s+0\s+0\s+2\s+0\n/);
    expect(r.out).toMatch(/14\s+Correctness of IOMMU Translation Structures Configuration\s+ok\s/);
    expect(r.out).toContain('every verdict as expected');
  });

  it('findings lists every ID with its model status; an unknown ID in audit is a typed error', async () => {
    const r = await cli(['findings', '--json']);
    const rows = JSON.parse(r.out) as { id: string; model: string; commands: string }[];
    expect(rows).toHaveLength(58);
    expect(rows.find((x) => x.id === 'MOI-01')!.model).toBe('switch');
    expect(rows.find((x) => x.id === 'CON-03')!.model).toBe('static');
    expect(rows.find((x) => x.id === 'MEM-01')!.commands).toContain('audit');
    const bad = await cli(['audit', 'XYZ-01']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/CatalogueError: finding 'XYZ-01'/);
  });

  it('--bugs refuses a static ID with the reason and place', async () => {
    const r = await cli(['regions', 'datasets/audit/mem-01-poc.json', '--bugs', 'REM-03']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('UnmodelledFindingError: finding REM-03 is static');
    const s = await cli(['regions', 'datasets/audit/mem-01-poc.json', '--bugs', 'CUR-01']);
    expect(s.err).toMatch(/finding CUR-01 is static .*cursor\.ts/);
  });
});
