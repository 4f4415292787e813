/**
 * The frame source of the kernel-free table writers (x86 page tables, VT-d translation tables):
 * zeroed 4 KiB frames taken upwards from a table area, the first one the root.
 * @module
 */
import type { PhysicalMemory } from './physical-memory.js';

/** Takes zeroed table frames upwards from `tableArea`; the first is {@link root}. */
export class TableFrameWriter {
  /** Physical address of the first frame: the root table. */
  readonly root: number;
  private next: number;

  constructor(readonly mem: PhysicalMemory, tableArea: number) {
    this.next = tableArea;
    this.root = this.alloc();
  }

  /** A zeroed 4 KiB frame. */
  alloc(): number {
    const f = this.next;
    this.next += 4096;
    this.mem.zero(f, 4096);
    return f;
  }

  /** Bytes of table frames taken so far. */
  get tableBytes(): number {
    return this.next - this.root;
  }
}
