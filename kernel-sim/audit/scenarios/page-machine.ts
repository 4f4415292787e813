/**
 * A small page layer for the page scenarios: a frame allocator over a few frames, its
 * `MetaSlot[]` array and the page system with its ownership ledger.
 * @module
 */
import type { BugSet } from '../../bugs/index.js';
import { PAGE_SIZE } from '../../machine/index.js';
import { FrameAllocator } from '../../mm/frame/frame-allocator.js';
import { MetaStore, Page, PageSystem, type PageMeta } from '../../mm/page/index.js';
import { KernelPanic } from '../../util/errors.js';

/** The page layer of one scenario run. */
export interface PageMachine {
  readonly fa: FrameAllocator;
  readonly sys: PageSystem;
}

/**
 * Frames [0x100, 0x110) and metadata slots below 0x200. Checking mode is off: the scenarios
 * run the Target checks themselves at the points the scheduler chooses.
 */
export function pageMachine(bugs: BugSet, fa?: FrameAllocator): PageMachine {
  const frames = fa ?? new FrameAllocator([{ start: 0x100, end: 0x110 }], { bugs });
  const sys = new PageSystem(new MetaStore(0x200 * PAGE_SIZE), frames, { bugs, check: false });
  return { fa: frames, sys };
}

/** `from_unused` of a freshly allocated frame as `kind`: a live handle with ref_count 1. */
export function newPage<M>(m: PageMachine, kind: PageMeta<M>): Page<M> {
  const f = m.fa.allocSingle();
  if (f === null) throw new KernelPanic('pageMachine', 'the scenario ran out of frames');
  return Page.fromUnused(m.sys, f * PAGE_SIZE, kind);
}
