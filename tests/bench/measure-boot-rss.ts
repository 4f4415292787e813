/**
 * Boots q35-1T once in a fresh process and prints the boot time and the peak RSS; run with
 * `npx tsx tests/bench/measure-boot-rss.ts` (or under `/usr/bin/time -v` for the kernel's
 * figure of maximum resident set size).
 */
import { bootKernel } from '../../kernel-sim/kernel/index.js';
import { readFileSync } from 'node:fs';

const t0 = performance.now();
const k = bootKernel('datasets/mbi/q35-1T.mbi');
const ms = performance.now() - t0;
const s = k.stats();
// VmHWM is the process's peak RSS as Linux counts it.
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
console.log(JSON.stringify({
  bootMs: Math.round(ms),
  rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
  peakRssMiB: hwm ? Math.round(Number(hwm[1]) / 1024) : null,
  maxPaddr: s.maxPaddr, metaPages: s.metaPages, metaStoreBytes: s.metaStoreBytes, freeFrames: s.freeFrames,
}));
