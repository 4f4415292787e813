import { bootKernel, type Kernel } from '../../kernel-sim/kernel/index.js';
import type { MemoryRegion } from '../../kernel-sim/boot/index.js';

/** A small machine: 64 MiB usable from 1 MiB, a reserved hole, a kernel region. */
export const SMALL_REGIONS: MemoryRegion[] = [
  { base: 0n, len: 0x9f000n, type: 'Usable' },
  { base: 0x9f000n, len: 0x61000n, type: 'Reserved' },
  { base: 0x100000n, len: 0x100000n, type: 'Kernel' },
  { base: 0x200000n, len: 0x4000000n - 0x200000n, type: 'Usable' },
];

/** Boots the small machine. */
export function smallKernel(opts: { bugs?: string[]; check?: boolean } = {}): Kernel {
  return bootKernel(SMALL_REGIONS, { bugs: opts.bugs ?? [], check: opts.check ?? true });
}

/** Every whole-state violation of `k` (empty when consistent). */
export function allViolations(k: Kernel): string[] {
  return k.checkAll().flatMap((t) => t.violations.map((v) => `T${t.target}: ${v}`));
}
