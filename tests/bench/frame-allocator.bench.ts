import { bench, describe } from 'vitest';
import { loadLayout } from '../../kernel-sim/boot/index.js';
import { PhysicalMemory } from '../../kernel-sim/machine/index.js';
import { FrameAllocator } from '../../kernel-sim/mm/frame/index.js';

const regions = loadLayout('datasets/mbi/q35-1T.mbi').regions;
const PAIRS = 10_000;

describe('frame allocator on a 1 TiB map (ops per iteration: 10,000 pairs)', () => {
  const warm = FrameAllocator.init(regions);
  warm.allocSingle(); // keeps an order-0 block free: the steady state of a used allocator
  bench('allocSingle + dealloc pairs (warm)', () => {
    for (let i = 0; i < PAIRS; i++) warm.dealloc(warm.allocSingle({ zeroed: false })!, 1);
  });

  const buddy = FrameAllocator.init(regions).buddy;
  buddy.alloc(1);
  bench('buddy alloc(1) + dealloc pairs (warm)', () => {
    for (let i = 0; i < PAIRS; i++) buddy.dealloc(buddy.alloc(1)!, 1);
  });

  const cold = FrameAllocator.init(regions);
  bench('allocSingle + dealloc pairs (fresh map: split and merge through every order)', () => {
    for (let i = 0; i < PAIRS; i++) cold.dealloc(cold.allocSingle({ zeroed: false })!, 1);
  });

  const mixed = FrameAllocator.init(regions);
  const held: number[] = [];
  let x = 12345;
  bench('order 0-5 mix, 256 live blocks (alloc or free per op)', () => {
    for (let i = 0; i < PAIRS; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      if (held.length < 256 && (x & 1) === 0) {
        const order = (x >>> 8) % 6;
        const s = mixed.allocContiguous(2 ** order, { zeroed: false })!;
        held.push(s.start, order);
      } else if (held.length > 0) {
        const k = ((x >>> 4) % (held.length / 2)) * 2;
        const [s, order] = held.splice(k, 2) as [number, number];
        mixed.dealloc(s, 2 ** order);
      }
    }
  });
});

describe('init', () => {
  bench('FrameAllocator.init of q35-1T (1 TiB)', () => {
    FrameAllocator.init(regions);
  });
});

describe('physical memory (ops per iteration: 10,000)', () => {
  const mem = new PhysicalMemory([{ start: 0, end: 2 ** 40 }]);
  for (let p = 0; p < 64; p++) mem.writeU64(p * 4096, BigInt(p));
  bench('readU64 over 64 touched pages', () => {
    let acc = 0n;
    for (let i = 0; i < PAIRS; i++) acc ^= mem.readU64(((i * 7) & 63) * 4096 + (i & 511) * 8);
    if (acc === -1n) throw new Error('unreachable');
  });
});
