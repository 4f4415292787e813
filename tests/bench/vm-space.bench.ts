import { bench, describe } from './bench-api.js';
import { CpuState, Mmu } from '../../kernel-sim/machine/index.js';
import { PageFlags, PageTableContext } from '../../kernel-sim/mm/page-table/index.js';
import { VmSpace } from '../../kernel-sim/mm/vm-space/index.js';
import { smallKernel } from '../mm/page-test-kernel.js';

const k = smallKernel({ check: false });
const ctx = new PageTableContext(k.machine.memory, k.pages);
const mmu = new Mmu(k.machine.memory);
const cpus = [new CpuState({ id: 0 })];
const env = { ctx, mmu, frames: k.frames, cpus };
const UA = 0x1000_0000n;

describe('VmSpace', () => {
  const s = VmSpace.new(env);
  s.activate(cpus[0]!);
  bench('map + unmap 16 pages (flush per 4 KiB)', () => {
    const v = k.frames.alloc(16)!;
    s.map(v, { addr: UA, flags: PageFlags.RW });
    s.unmap({ start: UA, end: UA + 16n * 0x1000n });
  });

  bench('demand-fault 16 pages, fork, 16 COW faults, tear down', () => {
    const p = VmSpace.new(env);
    p.declareArea({ start: UA, end: UA + 16n * 0x1000n, flags: PageFlags.RW });
    p.activate(cpus[0]!);
    for (let i = 0n; i < 16n; i++) p.access(cpus[0]!, UA + i * 0x1000n, { write: true });
    const c = p.forkCopyOnWrite();
    c.activate(cpus[0]!);
    for (let i = 0n; i < 16n; i++) c.access(cpus[0]!, UA + i * 0x1000n, { write: true });
    c.drop();
    p.drop();
  });
});
