import type { Kernel } from '../../kernel-sim/kernel/index.js';
import { SMALL_REGIONS, smallKernel as fixtureKernel } from '../../kernel-sim/audit/findings/fixtures.js';

/** A small machine: 64 MiB usable from 1 MiB, a reserved hole, a kernel region (the audit fixtures' machine). */
export { SMALL_REGIONS };

/** Boots the small machine. */
export function smallKernel(opts: { bugs?: string[]; check?: boolean } = {}): Kernel {
  return fixtureKernel(opts.bugs ?? [], opts.check ?? true);
}

/** Every whole-state violation of `k` (empty when consistent). */
export function allViolations(k: Kernel): string[] {
  return k.checkAll().flatMap((t) => t.violations.map((v) => `T${t.target}: ${v}`));
}
