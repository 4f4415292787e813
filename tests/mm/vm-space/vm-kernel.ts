import { CpuState, Mmu } from '../../../kernel-sim/machine/index.js';
import { PageTableContext } from '../../../kernel-sim/mm/page-table/index.js';
import { VmSpace, type VmSpaceEnv, type VmSpaceOptions } from '../../../kernel-sim/mm/vm-space/index.js';
import type { Frame } from '../../../kernel-sim/mm/handles/index.js';
import { smallKernel, allViolations } from '../page-test-kernel.js';
import type { Kernel } from '../../../kernel-sim/kernel/index.js';

/** A small kernel, an MMU with the stale detector on, two CPUs, and a VmSpace factory. */
export interface VmKernel {
  readonly k: Kernel;
  readonly env: VmSpaceEnv;
  readonly mmu: Mmu;
  readonly cpus: readonly CpuState[];
  space(opts?: VmSpaceOptions): VmSpace;
  frames(n: number): Frame[];
  violations(): string[];
}

export function vmKernel(opts: { bugs?: string[]; check?: boolean } = {}): VmKernel {
  const k = smallKernel({ bugs: opts.bugs, check: opts.check ?? true });
  const ctx = new PageTableContext(k.machine.memory, k.pages);
  const mmu = new Mmu(k.machine.memory, { checkStale: true });
  const cpus = [new CpuState({ id: 0 }), new CpuState({ id: 1 })];
  const env: VmSpaceEnv = { ctx, mmu, frames: k.frames, cpus };
  return {
    k, env, mmu, cpus,
    space: (o = {}) => VmSpace.new(env, o),
    frames: (n) => {
      const v = k.frames.alloc(n, { zeroed: true });
      if (v === null) throw new Error('out of memory');
      return [...v.frames];
    },
    violations: () => allViolations(k),
  };
}

/** A user address used by the tests. */
export const UA = 0x0000_1000_0000n;
