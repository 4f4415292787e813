import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { bugSet } from '../../kernel-sim/bugs/index.js';
import { registerPagewalk } from '../../kernel-sim/cli/commands/pagewalk.js';
import { bootKernel } from '../../kernel-sim/kernel/index.js';
import { NonCanonicalVaddrError } from '../../kernel-sim/mm/page-table/index.js';
import { parseVaddr, VaddrSyntaxError, walkAfterBoot } from '../../kernel-sim/mm/kspace/index.js';

const FILE = 'datasets/mbi/q35-128M.mbi';
const boot = (bugs: ReturnType<typeof bugSet> | undefined) => bootKernel(FILE, { bugs });

describe('pagewalk (the function the command calls)', () => {
  it('shows a linear-map walk level by level down to a 2 MiB leaf', () => {
    const w = walkAfterBoot(boot, '0xffff800000201234');
    expect(w.steps.map((s) => s.level)).toEqual([4, 3, 2]);
    expect(w.steps.map((s) => s.index)).toEqual([256, 0, 1]);
    expect(w.steps[0]!.next).toMatch(/^0x/);
    const leaf = w.steps[2]!;
    expect(leaf.flags).toEqual(expect.arrayContaining(['P', 'RW', 'PS', 'G', 'NX']));
    expect([leaf.paddr, leaf.pageSize]).toEqual(['0x201234', 0x20_0000]);
    expect([w.paddr, w.pageSize]).toEqual(['0x201234', 0x20_0000]);
    expect(w.fault).toBeUndefined();
  });

  it('reports the page fault with its error code for an unmapped address', () => {
    const w = walkAfterBoot(boot, '0x1000'); // the boot identity map is retired
    expect(w.fault).toEqual({ errorCode: 0, description: 'not-present, read, supervisor' });
    expect(w.steps).toHaveLength(1);
    expect(w.steps[0]!.flags).toEqual([]);
  });

  it('refuses a non-canonical or malformed address with typed errors', () => {
    expect(() => walkAfterBoot(boot, '0x0000800000000000')).toThrow(NonCanonicalVaddrError);
    expect(() => walkAfterBoot(boot, 'nope')).toThrow(VaddrSyntaxError);
    expect(() => parseVaddr('0x1_0000_0000_0000_0000')).toThrow(VaddrSyntaxError);
    expect(parseVaddr('0xffff_8000_0000_0000')).toBe(0xffff_8000_0000_0000n);
  });

  it('registers a Commander command that prints the walk as JSON', async () => {
    const program = new Command().exitOverride();
    registerPagewalk(program);
    let out = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { out += String(s); return true; });
    try {
      await program.parseAsync(['pagewalk', FILE, '0xffffffff81000000', '--json'], { from: 'user' });
    } finally {
      spy.mockRestore();
    }
    const w = JSON.parse(out);
    expect(w.paddr).toBe('0x1000000');
    expect(w.pageSize).toBe(4096);
    expect(w.steps).toHaveLength(4);
  });
});
