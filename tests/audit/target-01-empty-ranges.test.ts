import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkMemoryRegions } from '../../kernel-sim/audit/targets/target-01-memory-regions.js';
import { cli, ensureBuilt } from '../cli/compiled-cli.js';
import { buildMultiboot2, initMemoryRegions, readMbiFile, type MultibootInfo } from '../../kernel-sim/boot/index.js';

// Issue 12, bug 7: an empty range overlaps nothing; Target 1 must not cry wolf on a clean layout.
function withModules(mods: [number, number][]): MultibootInfo {
  const { info } = readMbiFile('datasets/mbi/q35-4G.mbi');
  const tags = [...info.tags];
  const end = tags.findIndex((t) => t.type === 0);
  tags.splice(end, 0, ...mods.map(([s, e]) => ({ type: 3, modStart: s, modEnd: e, string: { text: 'm' } }) as unknown as (typeof tags)[number]));
  return { ...info, tags };
}

describe('Target 1 on clean layouts with empty regions', () => {
  beforeAll(ensureBuilt);
  const kinds: [string, [number, number][]][] = [
    ['an empty module inside usable RAM', [[0x2000000, 0x2000000]]],
    ['an empty module at a usable region\'s start', [[0x1003000, 0x1003000]]],
    ['an empty module next to a real one', [[0x3000000, 0x3001000], [0x3001000, 0x3001000]]],
    ['an empty module in a hole', [[0xa0000, 0xa0000]]],
  ];
  for (const [name, mods] of kinds) {
    it(`${name}: fixed mode passes every property`, () => {
      const report = checkMemoryRegions(initMemoryRegions(withModules(mods)));
      expect(report.properties.filter((p) => !p.ok).map((p) => [p.property, p.violations])).toEqual([]);
    });
  }

  it('a non-empty module still overlapping usable RAM in the output is reported (the check still bites)', () => {
    const layout = initMemoryRegions(withModules([[0x2000000, 0x2001000]]));
    const grown = layout.regions.map((r) => (r.type === 'Module' && r.base === 0x2000000n ? { ...r, base: 0x1fff000n, len: 0x2000n } : r));
    const failed = checkMemoryRegions({ ...layout, regions: grown }).properties.filter((p) => !p.ok).map((p) => p.property);
    expect(failed).toContain('non-overlapping');
  });

  it('regions --check exits 0 in fixed mode for an MBI with mod_start == mod_end', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ks-t1-'));
    const file = join(dir, 'empty-module.mbi');
    writeFileSync(file, buildMultiboot2(withModules([[0x2000000, 0x2000000]])));
    const r = cli('regions', file, '--check', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).target1.ok).toBe(true);
  });
});
