import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildMultiboot2, findTag, listDatasets, parseMultiboot2, readMbiFile } from '../../kernel-sim/boot/index.js';

const captures = listDatasets().filter((d) => d.kind === 'mbi');

describe('real Multiboot2 captures', () => {
  it('there are captures for every required configuration', () => {
    const names = captures.map((c) => c.name);
    for (const m of ['pc', 'q35']) for (const size of ['128M', '1G', '3584M', '4G', '8G']) expect(names).toContain(`${m}-${size}`);
    expect(names).toEqual(expect.arrayContaining(['q35-64G', 'q35-1T']));
  });

  it.each(captures.map((c) => [c.name, c.path]))('%s parses and builds back to identical bytes', (_name, path) => {
    const bytes = new Uint8Array(readFileSync(path));
    const info = parseMultiboot2(bytes);
    expect(info.tags.at(-1)?.type).toBe(0);
    expect(Buffer.from(buildMultiboot2(info)).equals(Buffer.from(bytes))).toBe(true);
  });

  it.each(captures.map((c) => [c.name, c.path]))('%s carries a memory map starting at 0 with usable RAM', (_name, path) => {
    const { info } = readMbiFile(path);
    const mmap = findTag(info, 6)!;
    expect(mmap.entrySize).toBe(24);
    expect(mmap.entries[0]!.base).toBe(0n);
    expect(mmap.entries.some((e) => e.type === 1 && e.base >= 0x100000n)).toBe(true);
    expect(findTag(info, 2)?.string.text).toMatch(/^GRUB/);
  });

  it('the UEFI capture has the EFI memory map, EFI64 system table and ACPI 2.0 RSDP tags', () => {
    const uefi = captures.filter((c) => c.name.includes('ovmf'));
    expect(uefi.length).toBeGreaterThan(0);
    for (const c of uefi) {
      const { info } = readMbiFile(c.path);
      const efi = findTag(info, 17)!;
      expect(efi.descriptorSize).toBeGreaterThanOrEqual(40);
      expect(efi.descriptors.length).toBeGreaterThan(5);
      expect(findTag(info, 12)?.pointer).toBeGreaterThan(0n);
      expect(new TextDecoder().decode(findTag(info, 15)!.rsdp.subarray(0, 8))).toBe('RSD PTR ');
    }
  });

  it('the 1 TiB capture maps usable RAM up to 1 TiB', () => {
    const { info } = readMbiFile(captures.find((c) => c.name === 'q35-1T')!.path);
    const usable = findTag(info, 6)!.entries.filter((e) => e.type === 1).reduce((n, e) => n + e.length, 0n);
    expect(usable).toBeGreaterThan(1023n << 30n);
    expect(usable).toBeLessThanOrEqual(1n << 40n);
  });
});
