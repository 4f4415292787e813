/**
 * MOP-02 (interleaved): `inc_ref_count` as 232e62b does it (`from_raw`, then `clone`) on one
 * CPU while another CPU uses the page and looks at its count.
 * @module
 */
import { bugSet } from '../../bugs/index.js';
import { FrameMeta, incRefCountSteps, Page, refCountLowerBoundViolations, refCountViolations } from '../../mm/page/index.js';
import { irqWindow } from '../../sync/index.js';
import { defineScenario, steps, verdict } from './common.js';
import { newPage, pageMachine } from './page-machine.js';

/** The MOP-02 scenario. */
export const mop02 = defineScenario({
  id: 'mop-02',
  findings: ['MOP-02'],
  title: 'inc_ref_count (from_raw, then clone): another CPU sees ref_count below the owners',
  description:
    'A Frame page with one live handle (held by CPU 1) and one forgotten handle (a raw paddr held by CPU 0). ' +
    'CPU 0 runs inc_ref_count on the paddr and then restores and drops the extra reference; CPU 1 uses the page ' +
    '(clones and drops its handle) and, between its steps, checks Target 5\'s lower bound ref_count >= owners on the ' +
    'ownership ledger. Audited (232e62b\'s RawPageTableNode::inc_ref pattern, MOP-02): from_raw makes a handle the ' +
    'count does not cover until the clone, so a schedule in which CPU 1 looks inside that window fails the check. ' +
    'Fixed (fetch_add): the count is raised in one step; every schedule holds, and at the end ref_count equals the ' +
    'owners. Simplification: each page-layer step is one preemption point.',
  expect: { audited: ['invariant'], fixed: 'clean' },
  setup(w, variant) {
    const bugs = bugSet(variant === 'audited' ? ['MOP-02'] : []);
    const m = pageMachine(bugs);
    const page = newPage(m, FrameMeta);
    const paddr = page.clone().intoRaw();
    const frame = paddr / 4096;
    const seen: string[] = [];
    w.addCpus(2);
    w.spawn(0, 'inc_ref_count', function* () {
      yield* steps(incRefCountSteps(m.sys, paddr, FrameMeta), 'ref_count');
      Page.fromRaw(m.sys, paddr, FrameMeta).drop(); // the caller's new reference, released
      yield* irqWindow();
    });
    w.spawn(1, 'user', function* () {
      for (let i = 0; i < 2; i++) {
        yield* irqWindow();
        seen.push(...refCountLowerBoundViolations(m.sys, frame)); // what this CPU observes
        const c = page.clone();
        yield* irqWindow();
        c.drop();
      }
    });
    w.always(() => verdict(seen, 'Target 5 (ref_count >= owners) seen from CPU 1: '), 'ref_count >= owners');
    w.atEnd(() => verdict(refCountViolations(m.sys, frame), 'Target 5 at the end: '), 'ref_count == owners');
  },
});
