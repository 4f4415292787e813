/**
 * What the IOMMU driver reaches through statics at 232e62b — machine memory, the frame allocator
 * (`FrameAllocOptions`), the page layer and the page-table layer of `PageTable<DeviceMode>` —
 * gathered into one object per kernel, with the audited switches and checking mode.
 * @module
 */
import type { BugSet } from '../../bugs/index.js';
import type { PhysicalMemory } from '../../machine/index.js';
import { KernelPanic } from '../../util/errors.js';
import type { Frame, FrameHandleAllocator } from '../handles/index.js';
import type { PageSystem } from '../page/index.js';
import { PageTableContext, VTD_SL_PAGING } from '../page-table/index.js';

/** The largest domain id the DID-01 fix gives out: QEMU's CAP.ND = 6 means 16-bit domain ids. */
export const MAX_DOMAIN_ID = 0xffff;

/** The parts of a booted kernel the driver uses (a `Kernel` from `bootKernel` has them). */
export interface IommuHost {
  readonly machine: { readonly memory: PhysicalMemory };
  readonly frames: FrameHandleAllocator;
  readonly pages: PageSystem;
  readonly bugs: BugSet;
}

/** The driver's view of the kernel. */
export class IommuKernel {
  readonly memory: PhysicalMemory;
  readonly frames: FrameHandleAllocator;
  readonly pages: PageSystem;
  readonly bugs: BugSet;
  readonly check: boolean;
  /** The page-table layer of the device page tables (VT-d second-level PTEs, 3 levels). */
  readonly ptCtx: PageTableContext;
  /** `warn!` / `info!` lines of the driver, in order. */
  readonly log: string[] = [];
  private nextDomainId = 1;

  constructor(host: IommuHost, opts: { readonly bugs?: BugSet; readonly check?: boolean } = {}) {
    this.memory = host.machine.memory;
    this.frames = host.frames;
    this.pages = host.pages;
    this.bugs = opts.bugs ?? host.bugs;
    this.check = opts.check ?? host.pages.check;
    this.ptCtx = new PageTableContext(this.memory, this.pages, { consts: VTD_SL_PAGING, pteFormat: 'vtd-second-level', bugs: this.bugs, check: this.check });
  }

  /**
   * DID-01 fixed: a domain id for a new device page table, from 1 (0 is the shared table's).
   * Simplification: ids are never reused (a table's id is not freed with it).
   * @throws KernelPanic past {@link MAX_DOMAIN_ID} (QEMU's CAP.ND = 6: 16-bit domain ids)
   */
  allocDomainId(fn: string): number {
    if (this.nextDomainId > MAX_DOMAIN_ID) throw new KernelPanic(fn, `out of domain ids: ${MAX_DOMAIN_ID} device page tables already have one (CAP.ND = 6)`);
    return this.nextDomainId++;
  }

  /** `FrameAllocOptions::new(1).alloc_single().unwrap()` (zeroed). */
  allocFrame(fn: string): Frame {
    const f = this.frames.allocSingle({ zeroed: true });
    if (f === null) throw new KernelPanic(fn, 'FrameAllocOptions::new(1).alloc_single().unwrap() on None: out of frames');
    return f;
  }
}
