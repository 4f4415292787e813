import { describe, it, expect } from 'vitest';
import { PageFlags } from '../../../kernel-sim/mm/page-table/index.js';
import { SegmentationFault } from '../../../kernel-sim/mm/vm-space/index.js';
import { vmKernel, UA } from './vm-kernel.js';

const P = 0x1000n;

describe('page-fault hook: demand paging and copy-on-write on a small fork workload', () => {
  it('counts faults by kind and keeps parent and child data apart', () => {
    const t = vmKernel();
    const [c0, c1] = t.cpus as [typeof t.cpus[0], typeof t.cpus[0]];
    const parent = t.space();
    parent.declareArea({ start: UA, end: UA + 8n * P, flags: PageFlags.RW });
    parent.activate(c0!);
    for (let i = 0n; i < 8n; i++) parent.writeBytes(c0!, UA + i * P, Uint8Array.of(Number(i) + 1));
    expect(parent.faults).toMatchObject({ demandZero: 8, cowCopy: 0, cowReuse: 0 });

    const child = parent.forkCopyOnWrite();
    child.activate(c1!);
    for (let i = 0n; i < 4n; i++) child.writeBytes(c1!, UA + i * P, Uint8Array.of(0xf0 + Number(i)));
    expect(child.readBytes(c1!, UA + 6n * P, 1)[0]).toBe(7); // a read of a shared page: no fault
    expect(child.faults).toMatchObject({ demandZero: 0, cowCopy: 4, cowReuse: 0 });

    parent.writeBytes(c0!, UA, Uint8Array.of(0x55)); // the child copied page 0: parent reuses its frame
    parent.writeBytes(c0!, UA + 5n * P, Uint8Array.of(0x66)); // page 5 still shared: copy
    expect(parent.faults).toMatchObject({ demandZero: 8, cowCopy: 1, cowReuse: 1 });
    expect(parent.readBytes(c0!, UA + P, 1)[0]).toBe(2);
    expect(child.readBytes(c1!, UA + P, 1)[0]).toBe(0xf1);
    expect(child.readBytes(c1!, UA + 5n * P, 1)[0]).toBe(6);

    expect(() => parent.access(c0!, UA + 9n * P)).toThrow(SegmentationFault);
    expect(parent.faults.segv).toBe(1);
    expect(t.mmu.staleTranslations).toHaveLength(0);
    expect(parent.target13Violations.concat(child.target13Violations)).toEqual([]);
    child.drop();
    parent.drop();
    expect(t.violations()).toEqual([]);
  });

  it('a write to a read-only area is a segmentation fault', () => {
    const t = vmKernel();
    const s = t.space();
    s.declareArea({ start: UA, end: UA + P, flags: PageFlags.R });
    s.activate(t.cpus[0]!);
    expect(s.readBytes(t.cpus[0]!, UA, 4)).toEqual(new Uint8Array(4));
    expect(() => s.writeBytes(t.cpus[0]!, UA, Uint8Array.of(1))).toThrow(/read-only area/);
    expect(s.faults).toMatchObject({ demandZero: 1, segv: 1 });
  });
});
