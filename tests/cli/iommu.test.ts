import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The real command, as a user runs it.
const cli = (...args: string[]) => spawnSync('node', ['bin/kernel-sim.js', ...args], { encoding: 'utf8' });
const json = (...args: string[]) => JSON.parse(execFileSync('node', ['bin/kernel-sim.js', ...args], { encoding: 'utf8' }));

describe('kernel-sim iommu and kernel-sim run on a DMA workload', () => {
  it('walks a mapped device address through root, context and three second-level entries', () => {
    const w = json('iommu', 'datasets/mbi/q35-128M.mbi', '00:03.0', '--map', '2', '--json');
    expect(w.steps.map((s: { stage: string }) => s.stage)).toEqual(['root', 'context', 'SL3', 'SL2', 'SL1']);
    expect(w.outcome).toBe('translated');
    expect(w.paddr).toBe(w.mapped.paddr);
    // Another device has no tables (MOI-02 fixed): blocked at its root or context entry.
    const other = json('iommu', 'datasets/mbi/q35-128M.mbi', '00:04.0', w.mapped.daddr, '--json');
    expect(other.outcome).toBe('blocked');
    expect([1, 2]).toContain(other.fault.reason);
    // MOI-02 audited: every device shares 0:00.0's table; nothing mapped there, so the leaf denies.
    const shared = json('iommu', 'datasets/mbi/q35-128M.mbi', '00:04.0', '0x1000', '--bugs', 'MOI-02', '--json');
    expect(shared.steps.map((s: { stage: string }) => s.stage)).toContain('SL3');
  });

  it('refuses a --bugs ID it cannot honour and a --map that is not a page count', () => {
    const b = cli('iommu', 'datasets/mbi/q35-128M.mbi', '00:03.0', '--map', '1', '--bugs', 'BOO-01');
    expect(b.status).toBe(1);
    expect(b.stderr).toMatch(/BugsOptionError: iommu --bugs BOO-01: iommu runs no code that BOO-01 switches; it honours MEM-01, MPA-01/);
    const m = cli('iommu', 'datasets/mbi/q35-128M.mbi', '00:03.0', '--map', 'two');
    expect(m.status).not.toBe(0);
    expect(m.stderr).toMatch(/'two' is not a page count from 1 to 512/);
  });

  it('refuses a bad device or address with a typed one-line error', () => {
    const r = cli('iommu', 'datasets/mbi/q35-128M.mbi', '00:40.0', '0x1000');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/PciLocationError: PCI location device 64/);
    const a = cli('iommu', 'datasets/mbi/q35-128M.mbi', '00:03.0', 'zz');
    expect(a.status).toBe(1);
    expect(a.stderr).toMatch(/IommuWalkInputError: device address "zz"/);
  });

  it('runs a DMA workload file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ks-dma-'));
    const file = join(dir, 'dma.json');
    writeFileSync(file, JSON.stringify({
      machine: resolve('datasets/mbi/q35-128M.mbi'), bugs: ['MOI-02'],
      workload: { kind: 'dma', seed: 3, steps: 200, devices: [{ at: '00:03.0', kind: 'block' }, { at: '00:1f.7', kind: 'malicious' }], ops: { map: 2, io: 4, attack: 2, stray: 1 } },
    }));
    const out = json('run', file, '--json');
    expect(out.totals.deviceOps).toBeGreaterThan(0);
    expect(out.totals.attacksLanded).toBeGreaterThan(0);
    expect(out.units[0].unit).toBe('dmar0');
    const bad = cli('run', file.replace('dma.json', 'nope.json'));
    expect(bad.status).toBe(1);
  });
});
