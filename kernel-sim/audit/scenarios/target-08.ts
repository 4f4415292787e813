/**
 * Verification Target 8: a page-table node's reference count against its owners, while two
 * CPUs take references to the same node (`PageTableNode::child` and `RawPageTableNode::clone_shallow`).
 * @module
 */
import { bugSet } from '../../bugs/index.js';
import { incRefCountSteps, Page, PageTablePageMeta, refCountLowerBoundViolations, refCountViolations } from '../../mm/page/index.js';
import { irqWindow } from '../../sync/index.js';
import { defineScenario, steps, verdict } from './common.js';
import { newPage, pageMachine } from './page-machine.js';

/** The Target 8 scenario. */
export const target08 = defineScenario({
  id: 'target-08',
  findings: [],
  title: 'Target 8: a page-table node briefly has more owners than references',
  description:
    'A level-1 page-table node (usage PageTable) referenced by its parent\'s PTE (a forgotten handle). CPU 0 runs ' +
    'PageTableNode::child on that PTE, CPU 1 RawPageTableNode::clone_shallow of a raw handle to the node; each then ' +
    'drops the RawPageTableNode it got. Target 8\'s live invariant (ref_count >= owners on the ownership ledger) is ' +
    'checked after every step. Audited (232e62b: child and inc_ref restore the page with from_raw and then clone it, ' +
    'the pattern the audit\'s formal verification flagged): between the two steps the node has one more owner than ' +
    'references, and the check fails. Fixed (one fetch_add on the count): clean in every schedule, and the count ' +
    'equals the owners at the end. Simplification: the node\'s PTEs and children are not modelled.',
  expect: { audited: ['invariant'], fixed: 'clean' },
  setup(w, variant) {
    // 232e62b's inc_ref is MOP-02's pattern; the fix is the same fetch_add.
    const bugs = bugSet(variant === 'audited' ? ['MOP-02'] : []);
    const m = pageMachine(bugs);
    const node = newPage(m, PageTablePageMeta);
    node.meta().level = 1;
    const paddr = node.intoRaw(); // the parent's PTE
    Page.fromRaw(m.sys, paddr, PageTablePageMeta).clone().intoRaw(); // CPU 1's RawPageTableNode
    const frame = paddr / 4096;
    w.addCpus(2);
    // RawPageTableNode::drop: from_raw, then drop.
    const rawDrop = (): void => Page.fromRaw(m.sys, paddr, PageTablePageMeta).drop();
    w.spawn(0, 'PageTableNode::child', function* () {
      yield* steps(incRefCountSteps(m.sys, paddr, PageTablePageMeta), 'pt ref_count');
      yield* irqWindow();
      rawDrop();
    });
    w.spawn(1, 'clone_shallow', function* () {
      yield* steps(incRefCountSteps(m.sys, paddr, PageTablePageMeta), 'pt ref_count');
      yield* irqWindow();
      rawDrop();
    });
    w.always(() => verdict(refCountLowerBoundViolations(m.sys, frame), 'Target 8: '), 'node ref_count >= owners');
    w.atEnd(() => verdict(refCountViolations(m.sys, frame), 'Target 8 at the end: '), 'node ref_count == owners');
  },
});
