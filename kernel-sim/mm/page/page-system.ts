/**
 * What 232e62b keeps in statics for `mm::page` — `MAX_PADDR`, the `MetaSlot[]` linear map and
 * `FRAME_ALLOCATOR` — gathered into one object per simulated kernel, so that two kernels
 * (audited and fixed) can run side by side in one notebook. Also holds the ownership ledger and
 * the checking-mode switch.
 * @module
 */
import { type BugSet, NO_BUGS } from '../../bugs/index.js';
import type { FrameAllocator } from '../frame/index.js';
import { InvariantViolation } from './errors.js';
import type { MetaStore } from './meta/meta-store.js';
import { OwnershipLedger } from './ownership-ledger.js';
import { usageName } from './meta/page-usage.js';

/** Options of a {@link PageSystem}. */
export interface PageSystemOptions {
  /** Audited behaviours (MOP-02, ...); default none. */
  readonly bugs?: BugSet;
  /** Run the Verification Target 2-5 checks after every page operation. Default false. */
  readonly check?: boolean;
}

/** The page layer's global state for one kernel. */
export class PageSystem {
  /** Audited behaviours switched on. */
  readonly bugs: BugSet;
  /** Checking mode. */
  readonly check: boolean;
  /** Live and forgotten handles per frame. */
  readonly ledger = new OwnershipLedger();
  /** Page operations performed (from_unused, clone, drop, into_raw, from_raw, inc_ref_count). */
  ops = 0;

  constructor(
    /** The `MetaSlot[]` array. */
    readonly meta: MetaStore,
    /** `FRAME_ALLOCATOR` and the page allocator functions around it. */
    readonly frames: FrameAllocator,
    opts: PageSystemOptions = {},
  ) {
    this.bugs = opts.bugs ?? NO_BUGS;
    this.check = opts.check ?? false;
    // A raw FRAME_ALLOCATOR.dealloc of a frame that is still a page would make it free and owned.
    frames.deallocGuard = (start, n) => pageInUse(meta, start, n);
  }

  /** `MAX_PADDR`. */
  get maxPaddr(): number {
    return this.meta.maxPaddr;
  }

  /**
   * Throws {@link InvariantViolation} for target `target` after `point` when `violations` is
   * not empty (callers only compute violations in checking mode).
   */
  report(target: number, point: string, violations: string[]): void {
    if (violations.length > 0) throw new InvariantViolation(target, point, violations);
  }
}

// Why frames [start, start + n) cannot be freed: the first one whose page has a count, or null.
function pageInUse(meta: MetaStore, start: number, n: number): string | null {
  const end = Math.min(start + n, meta.slotCount);
  for (let f = start; f < end; f++) {
    const rc = meta.refCount(f);
    if (rc > 0) return `frame ${f} is still a page in use (usage ${usageName(meta.usage(f))}, ref_count ${rc}); freeing it would leave it both free and owned`;
  }
  return null;
}
