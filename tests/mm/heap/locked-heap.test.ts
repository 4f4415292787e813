import { describe, expect, it } from 'vitest';
import {
  HeapDeallocError, HeapLayoutError, imageHeapAddr, DEFAULT_HEAP_SPACE_PADDR, INIT_KERNEL_HEAP_SIZE,
  MIN_NUM_FRAMES, heapAllocatorInit, rescueFrameCount, rescueRequests,
} from '../../../kernel-sim/mm/heap/index.js';
import { PAGE_SIZE } from '../../../kernel-sim/machine/index.js';
import { WouldBlockError } from '../../../kernel-sim/sync/index.js';
import { drain, heapWith, MiB } from './helpers.js';

describe('LockedHeapWithRescue: init, alloc, dealloc', () => {
  it('init puts the 1 MiB HEAP_SPACE in the heap as aligned blocks', () => {
    const { heap } = heapWith();
    const s = heap.stats();
    expect(s.totalBytes).toBe(INIT_KERNEL_HEAP_SIZE);
    expect(s.freeBytes).toBe(INIT_KERNEL_HEAP_SIZE);
    expect(heap.regions()).toEqual([{ start: imageHeapAddr(DEFAULT_HEAP_SPACE_PADDR), bytes: INIT_KERNEL_HEAP_SIZE, kind: 'static' }]);
    for (const b of heap.freeBlocks()) expect(b.addr % 2 ** b.order).toBe(0);
    expect(heap.checkHeap()).toEqual([]);
  });

  it('allocates aligned blocks and frees them back', () => {
    const { heap } = heapWith();
    const before = heap.freeBlocks();
    const p = heap.alloc({ size: 24, align: 8 })!;
    const q = heap.alloc({ size: 4000, align: 4096 })!;
    expect(q % 4096).toBe(0);
    expect(heap.stats().allocatedBytes).toBe(32 + 4096);
    expect(heap.stats().userBytes).toBe(24 + 4000);
    heap.dealloc(p, { size: 24, align: 8 });
    heap.dealloc(q, { size: 4000, align: 4096 });
    expect(heap.freeBlocks()).toEqual(before);
    expect(heap.checkHeap()).toEqual([]);
    expect(heap.lock.isLocked()).toBe(false);
  });

  it('refuses bad layouts with HeapLayoutError', () => {
    const { heap } = heapWith();
    expect(() => heap.alloc({ size: 8, align: 3 })).toThrow(HeapLayoutError);
    expect(() => heap.alloc({ size: 8, align: 3 })).toThrow('align 3 is not a power of two');
    expect(() => heap.alloc({ size: 0, align: 8 })).toThrow('size 0');
    expect(() => heap.alloc({ size: 1.5, align: 8 })).toThrow('not a byte count');
    expect(() => heap.dealloc(0x1000, { size: 8, align: 0 })).toThrow(HeapLayoutError);
    expect(heap.checkHeap()).toEqual([]);
    expect(heap.stats().allocatedBytes).toBe(0);
  });

  it('refuses bad deallocs with HeapDeallocError saying which, leaving the lists consistent', () => {
    const { heap } = heapWith();
    const L = { size: 64, align: 8 };
    const p = heap.alloc(L)!;
    const kind = (f: () => void): string => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(HeapDeallocError);
        return (e as HeapDeallocError).problem;
      }
      return 'none';
    };
    const snapshot = heap.freeBlocks();
    expect(kind(() => heap.dealloc(p + 8, L))).toBe('interior-pointer');
    expect(kind(() => heap.dealloc(p, { size: 32, align: 8 }))).toBe('wrong-layout');
    expect(kind(() => heap.dealloc(0x1234, L))).toBe('not-allocated');
    expect(heap.freeBlocks()).toEqual(snapshot);
    heap.dealloc(p, L);
    expect(kind(() => heap.dealloc(p, L))).toBe('double-free');
    expect(() => heap.dealloc(p, L)).toThrow(/already freed/);
    expect(heap.checkHeap()).toEqual([]);
    expect(heap.lock.isLocked()).toBe(false);
  });
});

describe('rescue (FG3.1.5)', () => {
  it('asks for 64 MiB below that size, then for the layout\'s own frames', () => {
    expect(MIN_NUM_FRAMES).toBe(16384);
    expect(rescueFrameCount({ size: 10, align: 8 })).toBe(1);
    expect(rescueFrameCount({ size: 5000, align: 8192 })).toBe(2);
    expect(rescueRequests({ size: 2 * MiB, align: 8 })).toEqual([MIN_NUM_FRAMES, 512]);
    expect(rescueRequests({ size: 100 * MiB, align: 8 })).toEqual([25600]);
  });

  it('refills 64 MiB when the heap is dry', () => {
    const { heap, fa } = heapWith();
    const p = heap.alloc({ size: 2 * MiB, align: 8 });
    expect(p).not.toBeNull();
    const s = heap.stats();
    expect(s.rescues).toBe(1);
    expect(s.rescuedBytes).toBe(64 * MiB);
    expect(s.totalBytes).toBe(INIT_KERNEL_HEAP_SIZE + 64 * MiB);
    expect(fa.framesInUse).toBe(MIN_NUM_FRAMES);
    expect(heap.regions()[1]).toMatchObject({ kind: 'rescued', bytes: 64 * MiB, frames: { count: MIN_NUM_FRAMES } });
    expect(heap.checkHeap()).toEqual([]);
  });

  it('falls back to the layout\'s frames when 64 MiB are not free, and fails (null) when those are not either', () => {
    const { heap, fa } = heapWith({ frames: 1024 });
    expect(heap.alloc({ size: 2 * MiB, align: 8 })).not.toBeNull();
    expect(heap.stats().rescuedBytes).toBe(2 * MiB);
    expect(fa.framesInUse).toBe(512);
    expect(heap.alloc({ size: 4 * MiB, align: 8 })).toBeNull();
    expect(heap.stats().failedRescues).toBe(1);
    expect(heap.checkHeap()).toEqual([]);
  });

  it('without a frame allocator every rescue fails', () => {
    const bare = heapAllocatorInit();
    expect(bare.rescue({ size: 8, align: 8 })).toBe(false);
    expect(bare.alloc({ size: 2 * MiB, align: 8 })).toBeNull();
    expect(bare.stats().failedRescues).toBe(2);
  });

  it('232e62b quirk: a rescue of a non-power-of-two size >= 64 MiB adds a range the rounded block cannot fit', () => {
    const { heap, fa } = heapWith({ frames: 0x10000 });
    expect(heap.alloc({ size: 100 * MiB, align: 8 })).toBeNull(); // needs a 128 MiB block; got 64+32+4 MiB
    expect(heap.stats()).toMatchObject({ rescues: 1, failedRescues: 0, rescuedBytes: 100 * MiB });
    expect(fa.strandedFrames).toBe(0); // the frame allocator's rounding tail went back (RTL-01 fixed)
    expect(heap.checkHeap()).toEqual([]);
  });
});

describe('HEP-02: heap size after a burst', () => {
  const burst = (bugs: string[]) => {
    const { heap, fa } = heapWith({ bugs, frames: 0x40000 });
    const L = { size: 16 * MiB, align: 8 };
    const ps: number[] = [];
    for (let i = 0; i < 40; i++) ps.push(heap.alloc(L)!);
    const peak = heap.stats().totalBytes;
    for (const p of ps) heap.dealloc(p, L);
    expect(heap.checkHeap()).toEqual([]);
    return { peak, after: heap.stats(), fa };
  };

  it('audited: the heap never shrinks', () => {
    const { peak, after, fa } = burst(['HEP-02']);
    expect(after.totalBytes).toBe(peak);
    expect(after.releases).toBe(0);
    expect(fa.framesInUse).toBe((peak - INIT_KERNEL_HEAP_SIZE) / PAGE_SIZE);
  });

  it('fixed: wholly free rescued chunks go back above the threshold, keeping 64 MiB free', () => {
    const { peak, after, fa } = burst([]);
    expect(peak).toBeGreaterThan(512 * MiB);
    expect(after.releases).toBeGreaterThan(0);
    expect(after.totalBytes).toBe(INIT_KERNEL_HEAP_SIZE + 64 * MiB);
    expect(fa.framesInUse).toBe(MIN_NUM_FRAMES);
  });

  it('a policy with no threshold and no reserve returns everything rescued', () => {
    const { heap, fa } = heapWith({ releasePolicy: { threshold: 0, retain: 0 } });
    const p = heap.alloc({ size: 2 * MiB, align: 8 })!;
    heap.dealloc(p, { size: 2 * MiB, align: 8 });
    expect(heap.stats().totalBytes).toBe(INIT_KERNEL_HEAP_SIZE);
    expect(fa.framesInUse).toBe(0);
    expect(heap.regions()).toHaveLength(1);
    expect(heap.checkHeap()).toEqual([]);
  });
});

describe('HEP-01 and HEP-03 code paths, one thread', () => {
  it('HEP-01 audited and fixed both refill and allocate on one CPU, and release both locks', () => {
    for (const bugs of [['HEP-01'], []]) {
      const { heap } = heapWith({ bugs });
      expect(heap.alloc({ size: 2 * MiB, align: 8 })).not.toBeNull();
      expect(heap.stats().rescues).toBe(1);
      expect(heap.lock.isLocked() || heap.frameLock.isLocked()).toBe(false);
    }
  });

  it('HEP-03 audited: a dry heap re-enters rescue from the frame allocator and spins on its own lock', () => {
    for (const bugs of [['HEP-03', 'HEP-01'], ['HEP-03']]) {
      const { heap } = heapWith({ bugs });
      // Empty the static heap.
      drain(heap, 7); // no block left for a 104-byte node
      let err: unknown;
      try {
        heap.alloc({ size: 8192, align: 8 });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(WouldBlockError);
      expect((err as WouldBlockError).selfDeadlock).toBe(true);
      // Audited HEP-01 spins on the frame lock; fixed HEP-01 already on the held heap lock.
      expect((err as Error).message).toContain(bugs.includes('HEP-01') ? 'FRAME_ALLOCATOR' : 'HEAP_ALLOCATOR');
      expect(heap.lock.isLocked() || heap.frameLock.isLocked()).toBe(false);
      expect(heap.checkHeap()).toEqual([]);
    }
  });

  it('HEP-03 audited with room in the heap: the B-tree node comes from the heap and the rescue succeeds', () => {
    const { heap } = heapWith({ bugs: ['HEP-03', 'HEP-01'] });
    expect(heap.rescue({ size: 8, align: 8 })).toBe(true);
    expect(heap.stats().btreeNodesFromHeap).toBe(1);
    expect(heap.liveBlocks()).toMatchObject([{ owner: 'frame-allocator-btree', layout: { size: 104, align: 8 } }]);
    expect(heap.checkHeap()).toEqual([]);
  });

  it('HEP-03 fixed: nodes come from the dedicated pool', () => {
    const { heap } = heapWith();
    drain(heap, 7);
    expect(heap.alloc({ size: 8192, align: 8 })).not.toBeNull();
    expect(heap.stats()).toMatchObject({ btreeNodesFromHeap: 0, btreeNodesFromPool: 1 });
  });
});
