import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatTable } from '../../kernel-sim/cli/table.js';
import { index1000, size } from '../../kernel-sim/cli/units.js';
import { cli, cliEnv, ensureBuilt } from './compiled-cli.js';

beforeAll(ensureBuilt);
const dir = mkdtempSync(join(tmpdir(), 'ks-readable-'));
const file = (name: string, content: string | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const ANY_MAP = 'an .mbi file, a boot log with BIOS-e820 lines, or a JSON region list';

describe('bad input: one line on stderr naming the file and what was wrong, exit 1', () => {
  const binary = file('random.bin', Uint8Array.from([0xde, 0xc8, 0xc3, 0xbb, 0x35, 0x99, 0xdf, 0xf2, 0x00, 0x7f, 0x1b]));
  const notes = file('notes', 'hello world\nnot a map\n');
  const broken = file('broken.json', '{"a": 1,,}');
  const workload = file('workload.json', '{"machine": "q35-1G.mbi",\n "workload": }\n');
  it.each([
    [['mbi', 'datasets'], 'kernel-sim: InputFileError: datasets: is a directory, not an .mbi file\n'],
    [['regions', 'datasets'], `kernel-sim: InputFileError: datasets: is a directory, not ${ANY_MAP}\n`],
    [['boot', 'datasets'], `kernel-sim: InputFileError: datasets: is a directory, not ${ANY_MAP}\n`],
    [['pagewalk', 'datasets', '0x1000'], `kernel-sim: InputFileError: datasets: is a directory, not ${ANY_MAP}\n`],
    [['run', 'datasets'], 'kernel-sim: InputFileError: datasets: is a directory, not a workload JSON file\n'],
    [['report', '--jobs', '0'], 'kernel-sim: OptionValueError: --jobs "0" is not an integer >= 1\n'],
    [['regions', 'no-such-file.mbi'], 'kernel-sim: InputFileError: no-such-file.mbi: no such file\n'],
    [['run', binary], `kernel-sim: InputFileError: ${binary}: is binary (starts de c8 c3 bb 35 99 df f2 …), not a workload JSON file\n`],
    [['regions', broken], 'kernel-sim: RegionListError: region list: not valid JSON: line 1, column 9 (offset 8): a property name (a double-quoted string) expected\n'],
    [['run', workload], `kernel-sim: WorkloadSpecError: workload spec: (file): ${workload} is not valid JSON: line 2, column 14 (offset 39): a value expected\n`],
    [['regions', notes], `kernel-sim: InputFileError: ${notes}: is none of ${ANY_MAP} (as a Multiboot2 information structure: MBI byte offset 0 (0x0): total_size 1819043176 exceeds the 22 bytes given; as a boot log with BIOS-e820 lines: e820 text line 1, column 1: no BIOS-e820 lines found; as a JSON region list [{base, length|end, type}]: region list: not valid JSON: line 1, column 1 (offset 0): not a JSON token)\n`],
    [['pagewalk', 'datasets/mbi/q35-1G.mbi', '0x1000', '--bugs', 'HEP-01'], 'kernel-sim: BugsOptionError: pagewalk --bugs HEP-01: pagewalk runs no code that HEP-01 switches; it honours MEM-01, MPA-01, MEA-01, ALO-02, RTL-01, BOO-01, BOO-02, BOO-04, KSP-01, KSP-02 (`kernel-sim findings` lists the commands of every ID)\n'],
    [['regions', 'datasets/mbi/q35-1G.mbi', '--bugs', 'MPA-01'], 'kernel-sim: BugsOptionError: regions --bugs MPA-01: regions runs no code that MPA-01 switches; it honours MEM-01 (`kernel-sim findings` lists the commands of every ID)\n'],
    [['boot', 'datasets/mbi/q35-1G.mbi', '--bugs', 'KSP-02'], 'kernel-sim: BugsOptionError: boot --bugs KSP-02: boot runs no code that KSP-02 switches; it honours MEM-01, MPA-01, MEA-01, ALO-02, RTL-01 (`kernel-sim findings` lists the commands of every ID)\n'],
  ])('%j', (args, message) => {
    const r = cli(...args);
    expect([r.status, r.stdout, r.stderr]).toEqual([1, '', message]);
  });

  it('refuses an unknown --format with the allowed ones', () => {
    const r = cli('regions', 'datasets/mbi/q35-1G.mbi', '--format', 'yaml');
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe("error: option '--format <kind>' argument 'yaml' is invalid. Allowed choices are mbi, e820, json.");
  });

  it('takes the kind from the extension: an MBI named .json is read as JSON', () => {
    const r = cli('regions', file('capture.json', new Uint8Array(16)));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^kernel-sim: InputFileError: .*capture\.json: is binary \(starts 00 00 00 00 00 00 00 00 …\), not a JSON region list \[\{base, length\|end, type\}\]\n$/);
  });
});

describe('a command that reads well', () => {
  it('regions --json and regions --check --json return one shape', () => {
    const plain = JSON.parse(cli('regions', 'datasets/mbi/q35-1G.mbi', '--json').stdout);
    const checked = JSON.parse(cli('regions', 'datasets/mbi/q35-1G.mbi', '--check', '--json').stdout);
    expect(Object.keys(plain)).toEqual(['regions']);
    expect(Object.keys(checked)).toEqual(['regions', 'target1']);
    expect(checked.regions).toEqual(plain.regions);
  });

  it('regions prints hex addresses, sizes and type names, and --check says what held', () => {
    const r = cli('regions', 'datasets/mbi/q35-1G.mbi', '--check');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^base +end +size +type$/m);
    expect(r.stdout).toMatch(/^0x100000 +0x101000 +4 KiB +Usable$/m);
    expect(r.stdout).toMatch(/^Verification Target 1 \(memory regions\) on \d+ regions: held$/m);
    expect(r.stdout).toMatch(/^non-overlapping +held$/m);
    expect(r.stdout).not.toMatch(/null|undefined/);
  });

  it('boot prints sizes, buddyinfo under an order header, and with --check what it checked and that it held', () => {
    const plain = cli('boot', 'datasets/mbi/q35-1G.mbi');
    expect(plain.stdout).toMatch(/^maxPaddr +0x3ffdf000 \(1023\.87 MiB\)$/m);
    expect(plain.stdout).toMatch(/^usableBytes +1023\.47 MiB$/m);
    expect(plain.stdout).toMatch(/^buddyinfo \(free blocks per order, as \/proc\/buddyinfo\)\norder +0 +1 +2 /m);
    expect(plain.stdout).toMatch(/^free blocks +4 +2 +4 /m);
    expect(plain.stdout).not.toContain('checking mode');
    const checked = cli('boot', 'datasets/mbi/q35-1G.mbi', '--check');
    expect(checked.status).toBe(0);
    expect(checked.stdout).toContain('checking mode: Targets 2-5 checked after every page operation of the boot, then the whole page state (every touched MetaSlot, the ownership ledger, the buddy free lists): held\n');
    expect(checked.stdout).toMatch(/^ +5 +held$/m);
  });

  it('pagewalk of an unmapped address exits 3 with the #PF', () => {
    const r = cli('pagewalk', 'datasets/mbi/q35-1G.mbi', '0x1000');
    expect(r.status).toBe(3);
    expect(r.stdout).toContain('#PF at 0x1000: error code 0 (not-present, read, supervisor)\n');
    expect(cli('pagewalk', 'datasets/mbi/q35-1G.mbi', '0x1000', '--json').status).toBe(3);
    const mapped = cli('pagewalk', 'datasets/mbi/q35-1G.mbi', '0xffff800000201000');
    expect(mapped.status).toBe(0);
    expect(mapped.stdout).toContain('0xffff800000201000 -> 0x201000 (2 MiB page)\n');
  });

  it('run prints Linux fragmentation indices with three decimals, -1.000 for not applicable', () => {
    const r = cli('run', 'datasets/workloads/churn-q35-1G.json');
    expect(r.stdout).toMatch(/^ *20000 +0 +\d+ +\d\.\d{3} +-1\.000$/m);
  });

  it('explore --all that stops at the failure cap says so, with the cap and how to lift it', () => {
    const r = cli('explore', 'hep-03', '--all', '--max-failures', '2');
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^kernel-sim: explore stopped at the failure cap of 2 failures after \d+ runs; --max-failures N raises it, --max-failures all lifts it\n$/);
    const j = JSON.parse(cli('explore', 'hep-03', '--all', '--max-failures', '2', '--json').stdout);
    expect(j.stoppedAtFailureCap).toBe(2);
    expect(cli('explore', 'hep-03', '--json').stderr).toBe('');
  });

  it('no progress output when stderr is not a terminal', () => {
    expect(cli('explore', 'alo-01', '--variant', 'fixed').stderr).toBe('');
    expect(cliEnv({ KERNEL_SIM_PROGRESS_AFTER_MS: '0' }, 'run', 'datasets/workloads/churn-q35-1G.json').stderr).toBe('');
  });

  // script(1) gives the command a terminal; the bar may show at once (it waits 2 s by default).
  const onTerminal = (...args: string[]) =>
    spawnSync('script', ['-qefc', ['node', 'bin/kernel-sim.js', ...args].join(' '), '/dev/null'], { encoding: 'utf8', env: { ...process.env, KERNEL_SIM_PROGRESS_AFTER_MS: '0' } });

  it('run on a terminal shows its steps in a bar, cleared before the tables; --json does not', () => {
    const r = onTerminal('run', 'datasets/workloads/churn-q35-1G.json');
    expect(r.status).toBe(0);
    const steps = JSON.parse(readFileSync('datasets/workloads/churn-q35-1G.json', 'utf8')).workload.steps as number;
    expect(r.stdout).toContain(`run [`);
    expect(r.stdout).toContain(`] ${steps}/${steps} steps`);
    expect(r.stdout).toContain(`1024/${steps} steps`);
    // The bar's line is cleared (ESC [2K) before the first table.
    expect(r.stdout.indexOf('\u001b[2K')).toBeLessThan(r.stdout.indexOf('totals'));
    const j = onTerminal('run', 'datasets/workloads/churn-q35-1G.json', '--json');
    expect(j.stdout).not.toContain('steps,');
    expect(JSON.parse(j.stdout.replace(/\r/g, '')).totals.allocs).toBeGreaterThan(0);
  });

  it('stress on a terminal counts its runs (workloads x seeds)', () => {
    const r = onTerminal('stress', '--ops', '50', '--seeds', '1..2', '--workloads', 'allocator,heap');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('stress [');
    expect(r.stdout).toContain('] 4/4 runs');
  });

  it('explore and sweep on a terminal draw the same kind of bar (runs; jobs and failures)', () => {
    const e = onTerminal('explore', 'alo-01', '--variant', 'fixed', '--strategy', 'random', '--runs', '300');
    expect(e.status).toBe(0);
    expect(e.stdout).toMatch(/alo-01\S* \[\S+\] 300\/300 runs/);
    const dir = mkdtempSync(join(tmpdir(), 'bar-sweep-'));
    const file = join(dir, 'tiny.sweep.json');
    writeFileSync(file, JSON.stringify({ name: 'tiny', jobs: [{ kind: 'fuzz', parser: 'e820', seed: 1, inputs: 40, batch: 10 }] }));
    const w = onTerminal('sweep', file, '--out', join(dir, 'out'), '--threads', '1');
    expect(w.status).toBe(0);
    expect(w.stdout).toContain('sweep [');
    expect(w.stdout).toContain('] 4/4 jobs, 0 failed');
  });

  it('audit on a terminal counts the findings it has run', () => {
    const r = onTerminal('audit', 'MEM-01', 'MPA-01');
    expect(r.stdout).toContain('audit [');
    expect(r.stdout).toContain('] 2/2 findings');
  });
});

describe('tables and units', () => {
  it('a table wider than the width splits into tables that fit, the first column repeated', () => {
    const row = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`counter${i}`, i * 1000]));
    const out = formatTable([row, row], { width: 80 });
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    const parts = out.trimEnd().split('\n\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.startsWith('counter0')).toBe(true);
    expect(formatTable([{ a: null, b: undefined, c: 1 }])).toBe('a  b  c\n      1\n');
  });

  it('sizes in binary units and indices as Linux prints them', () => {
    expect([size(512), size(4096), size(1.5 * 2 ** 30), size(2 ** 40)]).toEqual(['512 bytes', '4 KiB', '1.5 GiB', '1 TiB']);
    expect([index1000(-1000), index1000(412), index1000(1000)]).toEqual(['-1.000', '0.412', '1.000']);
  });
});
