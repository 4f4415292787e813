import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ensureBuilt, json } from './compiled-cli.js';

beforeAll(ensureBuilt);

describe('kernel-sim command', () => {
  it('--help lists the commands in 80 columns; --version is the package\'s', () => {
    const r = cli('--help');
    expect(r.status).toBe(0);
    for (const c of ['mbi', 'regions', 'report']) expect(r.stdout).toContain(c);
    expect(r.stdout.split('\n').filter((l) => l.length > 80)).toEqual([]);
    expect(cli('--version').stdout).toBe(`${JSON.parse(readFileSync('package.json', 'utf8')).version}\n`);
  });

  it('mbi --json prints the decoded MBI with mmap as [{base, length, type}]', () => {
    const out = json('mbi', 'datasets/mbi/q35-1T.mbi', '--json');
    expect(out.totalSize).toBe(1944);
    expect(out.tags.at(-1).name).toBe('End');
    expect(out.mmap[0]).toEqual({ base: 0, length: 0x9fc00, type: 1 });
    const top = out.mmap.at(-1);
    expect(top.base + top.length).toBe(2 ** 40 + 0x100000000 * 0 + (top.base + top.length - 2 ** 40));
    expect(out.mmap.some((e: { base: number; type: number }) => e.base === 2 ** 40 && e.type === 1)).toBe(true);
  });

  it('regions --json gives [{base, end, type}]; --bugs MEM-01 gives the audited output', () => {
    const poc = 'datasets/audit/mem-01-poc.json';
    const audited = json('regions', poc, '--bugs', 'MEM-01', '--json').regions;
    expect(audited.filter((r: { type: string }) => r.type === 'Usable')).toEqual([{ base: 5, end: 8, type: 'Usable' }, { base: 5, end: 8, type: 'Usable' }]);
    const fixed = json('regions', poc, '--json').regions;
    expect(fixed.filter((r: { type: string }) => r.type === 'Usable')).toEqual([{ base: 5, end: 8, type: 'Usable' }]);
    const checked = cli('regions', poc, '--bugs', 'MEM-01', '--check', '--json');
    expect(checked.status).toBe(3);
    expect(JSON.parse(checked.stdout).target1.ok).toBe(false);
  });

  it('regions reads e820 boot logs and MBIs', () => {
    const e820 = json('regions', 'datasets/e820/dell-xps-13-9370.txt', '--json').regions;
    expect(e820[0]).toEqual({ base: 0, end: 0x58000, type: 'Usable' });
    const mbi = json('regions', 'datasets/mbi/pc-128M.mbi', '--json').regions;
    expect(mbi.map((r: { type: string }) => r.type)).toEqual(expect.arrayContaining(['Kernel', 'Module', 'Framebuffer']));
  });

  it('addresses above 2^53 are printed exactly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ks-cli-'));
    const f = join(dir, 'big.json');
    writeFileSync(f, JSON.stringify([{ base: '0xfffffffffffff000', length: 4096, type: 'Reserved' }]));
    expect(cli('regions', f, '--json').stdout).toContain('"base": 18446744073709547520');
  });

  it('boot --json prints the booted kernel\'s figures; MPA-01 sizes metadata for 1 TiB', () => {
    const fixed = json('boot', 'datasets/mbi/q35-8G.mbi', '--json');
    expect(fixed.metaSlotSize).toBe(16);
    expect(fixed.buddyinfo).toHaveLength(32);
    expect(fixed.metaPages).toBe(Math.ceil(fixed.maxPaddr / 4096 * 16 / 4096));
    // meta::init's one request is rounded up to a power of two by the buddy allocator; fixed
    // returns the tail, audited (RTL-01) leaves it allocated and unused.
    expect(fixed.freeFrames).toBe(fixed.totalFrames - fixed.metaPages);
    const tail = json('boot', 'datasets/mbi/q35-8G.mbi', '--bugs', 'RTL-01', '--json');
    expect(tail.freeFrames).toBe(tail.totalFrames - 2 ** Math.ceil(Math.log2(tail.metaPages)));
    const audited = json('boot', 'datasets/mbi/q35-8G.mbi', '--bugs', 'MPA-01', '--json');
    expect(audited.maxPaddr).toBe(2 ** 40);
    expect(audited.metaPages).toBe(2 ** 40 / 4096 * 16 / 4096);
  });

  it('run --json boots the workload\'s machine and runs the churn the same way twice', () => {
    const a = json('run', 'datasets/workloads/churn-q35-1G.json', '--json');
    expect(a.totals.allocs + a.totals.fails).toBe(a.workload.spec.steps);
    expect(a.totals.live).toBe(a.totals.allocs - a.totals.frees);
    expect(a.fragmentation).toHaveLength(32);
    expect(a.samples.at(-1).step).toBe(a.workload.spec.steps);
    const b = json('run', 'datasets/workloads/churn-q35-1G.json', '--json');
    expect(b.samples).toEqual(a.samples);
  });

  it('run --json runs a mapping workload with consistent totals, the same way twice', () => {
    const a = json('run', 'datasets/workloads/mapping-q35-1G.json', '--json');
    const steps = a.workload.spec.steps;
    const sum = (o: Record<string, number>) => Object.values(o).reduce((x, y) => x + y, 0);
    expect(a.workload.kind).toBe('mapping');
    expect(a.boot.totalFrames).toBeGreaterThan(0);
    expect(sum(a.totals.ops)).toBe(steps);
    expect(sum(a.totals.outcomes)).toBe(steps);
    expect(a.totals.faults.segv).toBe(a.totals.outcomes.segv);
    expect(a.totals.staleTranslations).toBe(0);
    expect(a.totals.target13Violations).toBe(0);
    expect(a.cpus).toHaveLength(a.workload.spec.cpus);
    for (const c of a.cpus) expect(c.hits).toBe(c.l1Hits + c.stlbHits);
    const b = json('run', 'datasets/workloads/mapping-q35-1G.json', '--json');
    expect(b).toEqual(a);
  });

  it.each([
    [['boot', 'datasets/mbi/q35-4G.mbi', '--bugs', 'MPA-01'], /KernelPanic: kernel panic in meta::init: FRAME_ALLOCATOR\.alloc\(1048576\) returned None/],
    [['run', 'datasets/mbi/q35-4G.mbi'], /InputFileError: datasets\/mbi\/q35-4G\.mbi: is binary \(starts 98 07 00 00 00 00 00 00 …\), not a workload JSON file/],
    [['run', 'datasets/e820/dell-xps-13-9370.txt'], /WorkloadSpecError: .*not valid JSON/],
    [['regions', 'no-such-file.mbi'], /no-such-file\.mbi/],
    [['regions', 'datasets/mbi/q35-4G.mbi', '--bugs', 'MEM-99'], /unknown finding ID 'MEM-99'/],
    [['mbi', 'datasets/e820/dell-xps-13-9370.txt', '--json'], /MultibootError: MBI byte offset 0 \(0x0\): total_size \d+ exceeds/],
  ])('errors go to stderr with a non-zero exit: %j', (args, message) => {
    const r = cli(...args);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });
});

describe('kernel-sim explore and replay', () => {
  it('explore finds the audited HEP-03 deadlock with a schedule that replay re-runs to the same failure', () => {
    const found = cli('explore', 'hep-03', '--json');
    expect(found.status).toBe(3);
    const out = JSON.parse(found.stdout);
    expect(out.findings).toEqual(['HEP-03']);
    const f = out.failures[0];
    expect(f.kind).toBe('deadlock');
    expect(f.timeline.at(-1).kind).toBe('failure');
    const again = cli('replay', 'hep-03', f.schedule, '--json');
    expect(again.status).toBe(3);
    const r = JSON.parse(again.stdout);
    expect(r.failure.message).toBe(f.message);
    expect(r.steps).toBe(f.step);
  });

  it('the fixed variant is clean under exhaustive bound-2 exploration', () => {
    const r = cli('explore', 'alo-01', '--variant', 'fixed', '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.complete).toBe(true);
    expect(out.failures).toEqual([]);
  });

  it.each([
    [['explore', 'nope'], /UnknownScenarioError: unknown scenario 'nope'; known: alo-01/],
    [['explore', 'hep-01', '--strategy', 'bogus'], /--strategy "bogus" is not random, pct or dfs/],
    [['replay', 'hep-03', 'ks1:alo-01/audited:0x6,i0'], /ScheduleMismatchError.*alo-01\/audited/],
    [['replay', 'alo-01', 'ks1:alo-01/audited:0x'], /ScheduleFormatError/],
  ])('bad input: %j', (args, message) => {
    const r = cli(...args);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
  });
});

describe('kernel-sim run without --json', () => {
  it.each([
    ['datasets/workloads/churn-q35-1G.json', /^ *step +order +free_blocks +unusable_index +extfrag_index$/m],
    ['datasets/workloads/mapping-q35-1G.json', /^cpu +l1Hits +stlbHits +hits/m],
  ])('%s prints its totals and tables', (file, header) => {
    const r = cli('run', file);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(header);
    expect(r.stdout).not.toContain('undefined');
  });
});
