import { afterEach, describe, expect, test } from 'vitest';
import { lockByte, PageFlags, pageProperty } from '../../../kernel-sim/mm/page-table/index.js';
import { getScenario } from '../../../kernel-sim/audit/scenarios/index.js';
import { explore, LockOrderChecker, LockOrderViolation, setSyncLockOrder } from '../../../kernel-sim/sync/index.js';
import { ptKernel } from './pt-kernel.js';

const RW = pageProperty(PageFlags.RW);
const BASE = 0x4000_0000n;

// A user table whose cursor over two leaf nodes holds guards at levels 2 and 1.
function twoGuardCursor(bugs: string[]) {
  const t = ptKernel({ bugs });
  const pt = t.table();
  const m = pt.cursorMut(BASE, BASE + 0x40_0000n);
  m.map(t.frame(), RW);
  m.jump(BASE + 0x20_0000n);
  m.map(t.frame(), RW);
  m.drop();
  const c = pt.cursor(BASE, BASE + 0x40_0000n);
  expect(c.guardLevel).toBe(2);
  c.query(); // level_down: the level-1 node is locked too
  expect(c.level).toBe(1);
  return { t, pt, c };
}

describe('CUR-03: the order in which a cursor releases its guards', () => {
  afterEach(() => setSyncLockOrder(null));

  test('audited: the root-side guard is released first; the lock-order checker reports it', () => {
    const checker = new LockOrderChecker();
    setSyncLockOrder(checker);
    const { t, pt, c } = twoGuardCursor(['CUR-03']);
    let err: unknown = null;
    try {
      c.drop();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LockOrderViolation);
    expect((err as LockOrderViolation).rule).toBe('hierarchy-release');
    expect((err as LockOrderViolation).message).toContain('(level 2) while still holding');
    // Every guard was released anyway: the table is usable and consistent.
    expect(lockByte(t.ctx, pt.rootPaddr())).toBe(0);
    const again = pt.cursor(BASE, BASE + 0x40_0000n);
    again.drop();
    expect(pt.treeViolations()).toEqual([]);
  });

  test('fixed: leaf to root, no report', () => {
    const checker = new LockOrderChecker();
    setSyncLockOrder(checker);
    const { c } = twoGuardCursor([]);
    c.drop();
    expect(checker.violations).toEqual([]);
  });

  // The two-cursor scenario lives in the audit registry (kernel-sim explore cur-03).
  const twoCursors = (bugs: string[]) => getScenario('cur-03').build(bugs.length ? 'audited' : 'fixed');

  test('two cursors on one range, explored: fixed is clean in every schedule', () => {
    const r = explore(twoCursors([]), { strategy: 'dfs', preemptionBound: 2 });
    expect(r.failures).toEqual([]);
    expect(r.complete).toBe(true);
    expect(r.runs).toBeGreaterThan(1);
  });

  test('two cursors on one range, explored: CUR-03 audited is a lock-order failure', () => {
    const r = explore(twoCursors(['CUR-03']), { strategy: 'dfs', preemptionBound: 2 });
    expect(r.failures.length).toBeGreaterThan(0);
    expect(r.failures[0]!.kind).toBe('lock-order');
  });
});
