/**
 * Raising a page's count for a caller that holds a forgotten handle — MOP-02's subject.
 *
 * At 232e62b this is `RawPageTableNode::inc_ref` (`from_raw`, then `forget(page.clone())` and
 * `forget(page)`); the audit's finding names the later `Page::inc_ref_count`, which does the
 * same with `ManuallyDrop::new(Self::from_raw(paddr))` and `page.clone()`. Between `from_raw` and
 * the clone a handle exists that the count does not cover: ref_count < owners, breaking
 * Target 5's "ref_count >= owners". Fixed (commit 27e071b): `ref_count.fetch_add(1)`.
 *
 * The steps are a generator so that the concurrency work can interleave them on simulated
 * CPUs; {@link incRefCount} runs them to completion. In checking mode the audited path is caught
 * after its first step: the step is undone (the borrowed handle released) and an
 * `InvariantViolation` for Target 5 is thrown, leaving the state consistent.
 *
 * The new reference is recorded as one more forgotten handle, to be restored with `Page.fromRaw`.
 * @module
 */
import { hex } from '../../machine/index.js';
import { KernelPanic } from '../../util/errors.js';
import { InvariantViolation } from './errors.js';
import { refCountLowerBoundViolations, refCountViolations } from './invariants.js';
import type { PageMeta } from './meta/usage-metas.js';
import { frameOf, Page } from './page.js';
import type { PageSystem } from './page-system.js';

/** The point each step of {@link incRefCountSteps} has reached. */
export type IncRefStep = 'from_raw' | 'clone' | 'forget' | 'fetch_add';

/**
 * The steps of `inc_ref_count(paddr)`: audited with MOP-02 (from_raw, clone, forget both),
 * fixed otherwise (one fetch_add). Yields after each step.
 * @throws FromRawError-like KernelPanic when the page has no forgotten handle to justify it.
 */
export function* incRefCountSteps<M>(sys: PageSystem, paddr: number, kind: PageMeta<M>): Generator<IncRefStep, void, void> {
  const frame = frameOf(sys, 'Page::inc_ref_count', paddr);
  if (sys.ledger.raw(frame) === 0) {
    throw new KernelPanic('Page::inc_ref_count', `page ${hex(paddr)}: the caller must hold a forgotten handle (precondition), and none exists`);
  }
  if (sys.bugs.has('MOP-02')) {
    const page = Page.borrowRaw(sys, paddr, kind); // ManuallyDrop::new(Self::from_raw(paddr))
    if (sys.check) {
      const v = refCountLowerBoundViolations(sys, frame);
      if (v.length > 0) {
        page.forgetBorrowed();
        throw new InvariantViolation(5, 'Page::inc_ref_count (MOP-02 audited: after from_raw, before clone)', v);
      }
    }
    yield 'from_raw';
    const extra = page.clone(); // the count catches up here
    yield 'clone';
    extra.intoRaw(); // the new reference, forgotten for the caller
    page.forgetBorrowed(); // ManuallyDrop: no drop, no count change
    yield 'forget';
  } else {
    sys.meta.fetchAddRefCount(frame, 1);
    sys.ledger.addRaw(frame, 1);
    sys.ops++;
    yield 'fetch_add';
  }
  if (sys.check) sys.report(5, 'Page::inc_ref_count', refCountViolations(sys, frame));
}

/** Runs {@link incRefCountSteps} to completion: the page at `paddr` gains one forgotten reference. */
export function incRefCount<M>(sys: PageSystem, paddr: number, kind: PageMeta<M>): void {
  const steps = incRefCountSteps(sys, paddr, kind);
  for (let r = steps.next(); !r.done; r = steps.next()) {
    // run to completion
  }
}
