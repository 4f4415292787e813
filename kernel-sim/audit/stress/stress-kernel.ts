/**
 * The small machines the stress workloads boot: a low 636 KiB, a reserved hole, a 1 MiB kernel
 * image and `usableMiB` of RAM from 2 MiB, with checking mode on.
 * @module
 */
import type { MemoryRegion } from '../../boot/index.js';
import type { BugSet } from '../../bugs/index.js';
import { bootKernel, type Kernel } from '../../kernel/index.js';
import { InvariantViolation } from '../../mm/page/index.js';

/** The regions of a stress machine with `usableMiB` MiB of RAM above 2 MiB. */
export function stressRegions(usableMiB: number): MemoryRegion[] {
  return [
    { base: 0n, len: 0x9f000n, type: 'Usable' },
    { base: 0x9f000n, len: 0x61000n, type: 'Reserved' },
    { base: 0x100000n, len: 0x100000n, type: 'Kernel' },
    { base: 0x200000n, len: BigInt(usableMiB) * 0x100000n, type: 'Usable' },
  ];
}

/** Boots a stress machine, checking mode on. */
export function stressKernel(bugs: BugSet, usableMiB: number): Kernel {
  return bootKernel(stressRegions(usableMiB), { bugs, check: true });
}

/** The whole-state sweep of Targets 2-5; throws the first target with violations. */
export function sweepPageState(k: Kernel, point: string): void {
  for (const t of k.checkAll()) if (t.violations.length > 0) throw new InvariantViolation(t.target, point, t.violations);
}
