import { describe, it, expect } from 'vitest';
import { PageFlags } from '../../../kernel-sim/mm/page-table/index.js';
import { SegmentationFault } from '../../../kernel-sim/mm/vm-space/index.js';
import { vmKernel, UA } from './vm-kernel.js';

// Issue 12, bug 1: a user access crossing a page end goes through the MMU per page.
describe('VmSpace.writeBytes / readBytes across a page end', () => {
  it('a write running into an unmapped page faults and leaves the physically next frame untouched', () => {
    const t = vmKernel();
    const a = t.space();
    const b = t.space();
    a.activate(t.cpus[0]!);
    b.activate(t.cpus[1]!);
    const [f1, f2] = t.frames(2);
    expect(f2!.startPaddr()).toBe(f1!.startPaddr() + 4096); // physically adjacent
    const p1 = f1!.startPaddr();
    const p2 = f2!.startPaddr();
    a.map([f1!], { addr: UA, flags: PageFlags.RW });
    b.map([f2!], { addr: UA, flags: PageFlags.RW });
    b.writeBytes(t.cpus[1]!, UA, new Uint8Array([1, 2, 3, 4]));
    expect(() => a.writeBytes(t.cpus[0]!, UA + 4092n, new Uint8Array(8).fill(0xee))).toThrow(SegmentationFault);
    expect([...t.k.machine.memory.readBytes(p2, 4)]).toEqual([1, 2, 3, 4]); // the other space's data
    expect([...t.k.machine.memory.readBytes(p1 + 4092, 4)]).toEqual([0, 0, 0, 0]); // nothing half-written
    expect(() => a.readBytes(t.cpus[0]!, UA + 4092n, 8)).toThrow(SegmentationFault);
    expect(a.pt.treeViolations()).toEqual([]);
    expect(t.violations()).toEqual([]);
  });

  it('a write across two mapped pages lands in each page\'s own frame', () => {
    const t = vmKernel();
    const s = t.space();
    s.activate(t.cpus[0]!);
    const [f1, f2] = t.frames(2);
    const p1 = f1!.startPaddr();
    const p2 = f2!.startPaddr();
    // Mapped in reverse: virtual order is not physical order.
    s.map([f2!, f1!], { addr: UA, flags: PageFlags.RW });
    s.writeBytes(t.cpus[0]!, UA + 4094n, new Uint8Array([9, 8, 7, 6]));
    expect([...t.k.machine.memory.readBytes(p2 + 4094, 2)]).toEqual([9, 8]);
    expect([...t.k.machine.memory.readBytes(p1, 2)]).toEqual([7, 6]);
    expect([...t.k.machine.memory.readBytes(p1 + 4094, 2)]).toEqual([0, 0]);
    expect([...s.readBytes(t.cpus[0]!, UA + 4094n, 4)]).toEqual([9, 8, 7, 6]);
    expect(t.violations()).toEqual([]);
  });

  it('demand-pages the next page inside a declared area', () => {
    const t = vmKernel();
    const s = t.space();
    s.activate(t.cpus[0]!);
    s.declareArea({ start: UA, end: UA + 0x2000n, flags: PageFlags.RW });
    s.writeBytes(t.cpus[0]!, UA + 4090n, new Uint8Array(12).fill(5));
    expect(s.faults.demandZero).toBe(2);
    expect([...s.readBytes(t.cpus[0]!, UA + 4090n, 12)]).toEqual(new Array(12).fill(5));
  });
});
