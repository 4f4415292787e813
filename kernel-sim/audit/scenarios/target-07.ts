/**
 * Verification Target 7: liveness of `RawPageTableNode::lock`'s spin loop (FG4.10.1; the
 * compare-exchange on the lock byte of the node's `PageTablePageMeta`).
 * @module
 */
import { hex, PAGE_SIZE } from '../../machine/index.js';
import { NO_BUGS } from '../../bugs/index.js';
import { Page, PageTablePageMeta, refCountViolations, type PageTablePageMetaFields } from '../../mm/page/index.js';
import { currentThread, irqWindow, spinUntil, type AtomicEffect, type Co, type SimThread } from '../../sync/index.js';
import { defineScenario, verdict } from './common.js';
import { newPage, pageMachine, type PageMachine } from './page-machine.js';

/** A locked node: the `PageTableNode` handle. */
interface Locked {
  readonly page: Page<PageTablePageMetaFields>;
}

const CAS: AtomicEffect = Object.freeze({ kind: 'atomic', target: 'pt lock byte', op: 'compareExchange' });

/** Who holds each node's lock byte, for reports. */
type Holders = Map<number, SimThread>;

/**
 * `RawPageTableNode::lock` at 232e62b: `from_raw`, then `compare_exchange(0, 1)` on the lock
 * byte in a loop, spinning while it fails (`spinUntil` keeps the spin finite for exploration).
 */
function* rawLock(m: PageMachine, paddr: number, holders: Holders): Co<Locked> {
  const page = Page.fromRaw(m.sys, paddr, PageTablePageMeta);
  const meta = page.meta();
  for (;;) {
    yield CAS;
    if (meta.lock === 0) {
      meta.lock = 1;
      holders.set(paddr, currentThread());
      return { page };
    }
    yield* spinUntil(() => meta.lock === 0, `the lock byte of page-table node ${hex(paddr)}`, () => holders.get(paddr) ?? null);
  }
}

/** `PageTableNode::into_raw`: releases the lock byte (store 0, Release) and forgets the handle. */
function intoRaw(node: Locked, holders: Holders): number {
  const paddr = node.page.paddr();
  node.page.meta().lock = 0;
  holders.delete(paddr);
  return node.page.intoRaw();
}

/** The Target 7 scenario. */
export const target07 = defineScenario({
  id: 'target-07',
  findings: [],
  title: 'Target 7 (audited side: a misuse probe, a deliberately leaked lock, not 232e62b code): RawPageTableNode::lock spins forever when the holder never releases the lock byte',
  description:
    'A page-table node (usage PageTable) with two raw handles. CPU 0 and CPU 1 each run RawPageTableNode::lock on it ' +
    '(from_raw, then compare_exchange(0, 1) on the lock byte in PageTablePageMeta, spinning while it fails), work on ' +
    'the node and give it back. Fixed (correct use): the holder releases with PageTableNode::into_raw (lock.store(0)), ' +
    'so the spinner gets the lock in every schedule; mutual exclusion and ref_count == owners are checked. Audited ' +
    '(misuse the loop cannot survive): the first holder forgets its PageTableNode with core::mem::forget instead of ' +
    'into_raw or drop — the lock byte stays 1, as for a node from PageTableNode::alloc, whose lock "is initialized as ' +
    'held", leaked the same way — and the other CPU spins without end: a liveness failure with its schedule. ' +
    'Simplification: the node\'s PTEs are not touched; the work is two preemption points.',
  expect: { audited: ['liveness'], fixed: 'clean' },
  setup(w, variant) {
    const m = pageMachine(NO_BUGS);
    const node = newPage(m, PageTablePageMeta);
    node.meta().level = 1;
    const paddr = node.clone().intoRaw();
    const paddr2 = node.intoRaw();
    const holders: Holders = new Map();
    let inside = 0;
    let maxInside = 0;
    let firstDone = false;
    w.addCpus(2);
    for (const [cpu, raw] of [[0, paddr], [1, paddr2]] as const) {
      w.spawn(cpu, `cursor${cpu}`, function* () {
        const locked = yield* rawLock(m, raw, holders);
        inside++;
        maxInside = Math.max(maxInside, inside);
        yield* irqWindow(); // read and write PTEs under the lock
        yield* irqWindow();
        inside--;
        const leak = variant === 'audited' && !firstDone;
        firstDone = true;
        if (leak) {
          locked.page.intoRaw(); // core::mem::forget(node): the lock byte stays 1
          holders.set(raw, currentThread());
        } else {
          intoRaw(locked, holders);
        }
        Page.fromRaw(m.sys, raw, PageTablePageMeta).drop(); // RawPageTableNode::drop
      });
    }
    const frame = paddr / PAGE_SIZE;
    w.always(() => maxInside <= 1 || `mutual exclusion broken: ${maxInside} CPUs inside the node's lock`, 'mutual exclusion');
    w.atEnd(() => verdict(refCountViolations(m.sys, frame), 'Target 5 at the end: '), 'ref_count == owners');
    w.atEnd(() => lockByte(m, frame) === 0 || 'the lock byte is still held at the end', 'lock released');
  },
});

function lockByte(m: PageMachine, frame: number): number {
  return PageTablePageMeta.view(m.sys.meta, frame).lock;
}
