/**
 * `DMA_REMAPPING_SET` (FG5.6; the seed's name for 232e62b's `DMA_MAPPING_SET:
 * Once<SpinLock<BTreeSet<Paddr>>>` in `mm/dma/mod.rs`): the physical pages that have a DMA
 * mapping, with `check_and_insert_dma_mapping` and `remove_dma_mapping`, taken under
 * `lock_irq_disabled`.
 * @module
 */
import { hex, PAGE_SIZE } from '../../machine/index.js';
import { SpinLock } from '../../sync/index.js';
import { KernelPanic } from '../../util/errors.js';

/** The set of DMA-mapped page addresses. */
export class DmaRemappingSet {
  /** The page addresses. */
  readonly pages = new Set<number>();
  /** Its spin lock. */
  readonly lock = new SpinLock('DMA_REMAPPING_SET');

  /**
   * `check_and_insert_dma_mapping(start_paddr, num_pages)`: false when any page is already in
   * the set (nothing inserted), else inserts them all and returns true.
   * @throws KernelPanic when `start_paddr + num_pages * PAGE_SIZE` overflows (`checked_add(..).unwrap()`)
   */
  checkAndInsertDmaMapping(startPaddr: number, numPages: number): boolean {
    return this.lock.withLockIrqDisabled(() => {
      checkRange('check_and_insert_dma_mapping', startPaddr, numPages);
      for (let i = 0; i < numPages; i++) if (this.pages.has(startPaddr + i * PAGE_SIZE)) return false;
      for (let i = 0; i < numPages; i++) this.pages.add(startPaddr + i * PAGE_SIZE);
      return true;
    });
  }

  /** `remove_dma_mapping(start_paddr, num_pages)`. @throws KernelPanic on overflow */
  removeDmaMapping(startPaddr: number, numPages: number): void {
    this.lock.withLockIrqDisabled(() => {
      checkRange('remove_dma_mapping', startPaddr, numPages);
      for (let i = 0; i < numPages; i++) this.pages.delete(startPaddr + i * PAGE_SIZE);
    });
  }

  /** True when page `paddr` is in the set. */
  has(paddr: number): boolean {
    return this.pages.has(paddr);
  }
}

// usize::checked_add; the model's addresses are safe integers, so "overflow" is leaving them.
function checkRange(fn: string, start: number, n: number): void {
  if (!Number.isSafeInteger(start) || start < 0 || !Number.isSafeInteger(n) || n < 0 || !Number.isSafeInteger(start + n * PAGE_SIZE)) {
    throw new KernelPanic(fn, `start_paddr ${Number.isFinite(start) ? hex(start) : String(start)} + ${String(n)} pages overflows (checked_add(..).unwrap() on None)`);
  }
}
