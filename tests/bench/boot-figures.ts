/**
 * Boot figures: `bootKernel` in-process (allocator::init + meta::init), CPU seconds, median of
 * rounds. Peak RSS of the 1 TiB boot is measured in a process of its own
 * (measure-boot-rss.ts under /usr/bin/time -v).
 */
import { loadLayout, type MemoryRegion } from '../../kernel-sim/boot/index.js';
import { bootKernel } from '../../kernel-sim/kernel/index.js';
import { KernelPanic } from '../../kernel-sim/util/errors.js';
import { seconds, type Figure } from './harness.js';

// One Usable region from 1 MiB up to `end` (the largest map meta::init accepts is 256 TiB).
function wholeMap(end: bigint): MemoryRegion[] {
  return [{ base: 0x10_0000n, len: end - 0x10_0000n, type: 'Usable' } as MemoryRegion];
}

/** The boot figures. */
export function bootFigures(): Figure[] {
  const g = 'boot';
  const q1t = loadLayout('datasets/mbi/q35-1T.mbi').regions;
  const q4g = loadLayout('datasets/mbi/q35-4G.mbi').regions;
  const big = wholeMap(1n << 48n);
  const limit = wholeMap(1n << 52n);
  let refused = '';
  const refusal = seconds(() => {
    try { bootKernel(limit); } catch (e) { if (e instanceof KernelPanic) refused = e.message; else throw e; }
  }, 3, 1);
  if (!refused) throw new Error('a 2^52-byte map was expected to be refused');
  return [
    { group: g, name: 'bootKernel(q35-1T): 2,095,104 metadata pages', unit: 's', value: seconds(() => { bootKernel(q1t); }, 7, 1), target: { max: 0.3 } },
    { group: g, name: 'bootKernel(q35-4G)', unit: 's', value: seconds(() => { bootKernel(q4g); }, 7, 1) },
    { group: g, name: 'bootKernel of a 256 TiB Usable map (2^28 metadata pages)', unit: 's', value: seconds(() => { bootKernel(big); }, 3, 1), target: { max: 2 } },
    { group: g, name: 'bootKernel of a 2^52-byte map: refused (KernelPanic naming the limit)', unit: 's', value: refusal, target: { max: 2 } },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { table } = await import('./harness.js');
  console.log(table(bootFigures()));
}
