import { bench, describe } from 'vitest';
import { loadLayout } from '../../kernel-sim/boot/index.js';
import { bootKernel } from '../../kernel-sim/kernel.js';

// Peak RSS of the same boot is measured in a process of its own: tests/bench/measure-boot-rss.ts.
const regions = loadLayout('datasets/mbi/q35-1T.mbi').regions;

describe('boot to a ready page allocator', () => {
  bench('bootKernel(q35-1T): allocator::init + meta::init (2,095,104 metadata pages)', () => {
    bootKernel(regions);
  }, { iterations: 5, warmupIterations: 1 });

  bench('bootKernel(q35-4G)', () => {
    bootKernel('datasets/mbi/q35-4G.mbi');
  });
});
