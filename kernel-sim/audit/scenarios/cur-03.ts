/**
 * CUR-03: the order in which a cursor releases its guards, with two cursors mapping into one
 * range on two CPUs. The page-table node locks are declared root-to-leaf (FG4.11): acquire from
 * the root down, release from the leaf up.
 * @module
 */
import { bugSet } from '../../bugs/index.js';
import { bootKernel } from '../../kernel/index.js';
import { CursorMut, lockByte, PageFlags, pageProperty, PageTable, PageTableContext, UserMode } from '../../mm/page-table/index.js';
import { KernelPanic } from '../../util/errors.js';
import { defineScenario } from './common.js';

const BASE = 0x4000_0000n;
const SPAN = 0x40_0000n;
const RW = pageProperty(PageFlags.RW);
// A 16 MiB machine: enough frames for a few page-table nodes and the mapped frames.
const REGIONS = [{ base: 0n, len: 16n << 20n, type: 'Usable' as const }];

/** The CUR-03 scenario. */
export const cur03 = defineScenario({
  id: 'cur-03',
  findings: ['CUR-03'],
  title: 'Cursor guards released root first: a lock-order violation of the root-to-leaf protocol',
  description:
    'A user page table with two level-1 nodes under one level-2 node. CPU 0 and CPU 1 each open a CursorMut over the ' +
    'whole 4 MiB range (locking from the root down to its guard level), jump into their own 2 MiB half, map a frame ' +
    'and drop the cursor. The node locks are page-table-node locks declared root-to-leaf (FG4.11). Audited (232e62b): ' +
    'Cursor::drop releases the guards from the root side first, which the lock-order checker reports; fixed: leaf to ' +
    'root, clean in every schedule. At the end the tree and the page layer must be consistent and the root unlocked.',
  expect: { audited: ['lock-order'], fixed: 'clean' },
  setup(w, variant) {
    const bugs = bugSet(variant === 'audited' ? ['CUR-03'] : []);
    const k = bootKernel(REGIONS, { bugs, check: true });
    const ctx = new PageTableContext(k.machine.memory, k.pages);
    const pt = PageTable.empty(ctx, UserMode);
    const frame = () => {
      const p = k.pageAllocator.allocSingle();
      if (p === null) throw new KernelPanic('cur-03 setup', 'the scenario ran out of frames');
      return p;
    };
    // Two leaf nodes under one level-2 node, so each cursor's guard sits at level 2.
    const m = pt.cursorMut(BASE, BASE + SPAN);
    m.map(frame(), RW);
    m.jump(BASE + SPAN / 2n);
    m.map(frame(), RW);
    m.drop();
    const frames = [frame(), frame()];
    w.addCpus(2);
    for (const cpu of [0, 1]) {
      w.spawn(cpu, `cursor${cpu}`, function* () {
        const c = yield* CursorMut.newSteps(pt, BASE, BASE + SPAN);
        c.jump(BASE + BigInt(cpu) * (SPAN / 2n) + 0x1000n);
        c.map(frames[cpu]!, RW);
        yield* c.dropSteps();
      });
    }
    w.atEnd(() => (pt.treeViolations().length === 0 && k.checkAll().every((t) => t.violations.length === 0)) || 'page table or page layer inconsistent at the end', 'consistent');
    w.atEnd(() => lockByte(ctx, pt.rootPaddr()) === 0 || 'root still locked', 'released');
  },
});
