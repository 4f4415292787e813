/**
 * The `Arc<...Inner>` of `DmaCoherent` and `DmaStream`: handles share one inner; `clone` adds a
 * handle, `drop` removes one, and the last runs the inner's drop. A dropped handle refuses use.
 * @module
 */
import type { PciDeviceLocation } from '../iommu/index.js';
import { UseAfterDropError } from '../page/index.js';
import type { DmaMappingState } from './dma-mapping.js';
import type { DmaSystem } from './dma-system.js';

/** The shared part of a DMA handle. */
export class SharedInner<T> {
  refs = 1;
  dropped = false;
  constructor(readonly value: T, private readonly onLastDrop: (v: T) => void) {}

  /** One handle goes; the last runs the inner's drop. */
  release(): void {
    if (--this.refs === 0) {
      this.dropped = true;
      this.onLastDrop(this.value);
    }
  }
}

/** A handle to a {@link SharedInner}. */
export abstract class SharedHandle<T> {
  private live = true;
  protected constructor(
    protected readonly inner: SharedInner<T>,
    /** The mapping's first physical address, named in errors. */
    private readonly errPaddr: number,
  ) {}

  protected abstract get typeName(): string;

  /** True until this handle is dropped. */
  get isLive(): boolean {
    return this.live;
  }

  /** Drops this handle (`Drop`); the last handle's drop runs the inner's drop. */
  drop(): void {
    this.use('drop');
    this.live = false;
    this.inner.release();
  }

  /** `Symbol.dispose`. */
  [Symbol.dispose](): void {
    if (this.live) this.drop();
  }

  protected share(): SharedInner<T> {
    this.use('clone');
    this.inner.refs++;
    return this.inner;
  }

  protected use(method: string): T {
    if (!this.live) throw new UseAfterDropError(`${this.typeName}::${method}`, this.errPaddr, 'dropped');
    return this.inner.value;
  }
}

/** What every DMA handle's inner holds. */
export interface DmaInner extends DmaMappingState {
  readonly dma: DmaSystem;
  readonly isCacheCoherent: boolean;
}

/** The accessors `DmaCoherent` and `DmaStream` share (`HasDaddr`, `HasPaddr`, ...). */
export abstract class DmaHandle<T extends DmaInner> extends SharedHandle<T> {
  /** `daddr()`: the device address of the first byte. */
  daddr(): number {
    return this.use('daddr').startDaddr;
  }

  /** `paddr()`. */
  paddr(): number {
    return this.use('paddr').startPaddr;
  }

  /** `nbytes()`: bytes mapped. */
  nbytes(): number {
    return this.use('nbytes').segment.nbytes();
  }

  /** The device the mapping is for. */
  device(): PciDeviceLocation {
    return this.use('device').device;
  }

  /** The DMA layer the mapping belongs to. */
  system(): DmaSystem {
    return this.use('system').dma;
  }
}
