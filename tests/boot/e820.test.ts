import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { E820ParseError, layoutFromText, listDatasets, parseE820 } from '../../kernel-sim/boot/index.js';
import { checkMemoryRegions } from '../../kernel-sim/audit/targets/target-01-memory-regions.js';

describe('e820 import from Linux boot logs', () => {
  it('reads the modern form with an inclusive last byte', () => {
    const [e] = parseE820('[    0.000000] BIOS-e820: [mem 0x0000000000100000-0x00000000bffdffff] usable');
    expect(e).toEqual({ base: 0x100000n, length: 0xbfee0000n, type: 1, line: 1 });
  });

  it('reads the legacy form with an exclusive end', () => {
    const [e] = parseE820(' BIOS-e820: 00000000dffc0000 - 00000000dffcfc00 (ACPI data)');
    expect(e).toEqual({ base: 0xdffc0000n, length: 0xfc00n, type: 3, line: 1 });
  });

  it('maps every type name Linux prints, and "type N"', () => {
    const names = ['usable', 'reserved', 'ACPI data', 'ACPI NVS', 'unusable', 'persistent (type 7)', 'persistent (type 12)', 'soft reserved', 'type 20'];
    const text = names.map((n, i) => `BIOS-e820: [mem 0x${(i * 0x1000).toString(16)}-0x${(i * 0x1000 + 0xfff).toString(16)}] ${n}`).join('\n');
    expect(parseE820(text).map((e) => e.type)).toEqual([1, 2, 3, 4, 5, 7, 12, 0xefffffff, 20]);
  });

  it.each([
    ['BIOS-e820: [mem 0x1000-0x0fff] usable', 1, /end 0x0fff is not above start 0x1000/],
    ['ok\nBIOS-e820: [mem 0x1000-0x1fff] cheese', 2, /unknown e820 type 'cheese'/],
    ['x\ny\nBIOS-e820: [mem 0xZZ-0x1fff] usable', 3, /not a BIOS-e820 entry/],
    ['no map here', 1, /no BIOS-e820 lines/],
  ])('refuses %j at line %i', (text, line, message) => {
    try {
      parseE820(text);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(E820ParseError);
      expect((e as E820ParseError).line).toBe(line);
      expect((e as Error).message).toMatch(message);
      expect((e as Error).message).toContain(`line ${line}`);
    }
  });

  const maps = listDatasets().filter((d) => d.kind === 'e820');
  it.each(maps.map((m) => [m.name, m.path]))('%s: every BIOS-e820 line is read and Target 1 holds', (_n, path) => {
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n').filter((l) => l.includes('BIOS-e820:')).length;
    expect(parseE820(text)).toHaveLength(lines);
    expect(checkMemoryRegions(layoutFromText(text, 'e820')).ok).toBe(true);
  });
});
