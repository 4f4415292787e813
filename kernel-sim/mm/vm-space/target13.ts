/**
 * Verification Target 13 at the point a frame returns to the allocator: no CPU's TLB may still
 * hold a translation onto it. Releases go through {@link releaseFrames}, which checks each
 * frame whose handle is the last one before dropping it. Global entries do not count: they are
 * the kernel's (its linear map reaches every frame by design), and a VmSpace never maps global.
 * @module
 */
import { hex, type CpuState } from '../../machine/index.js';
import type { Frame } from '../handles/index.js';
import { cpusHoldingFrame } from '../tlb/index.js';

/**
 * Drops `frames`, recording in `out` each frame that is freed (last handle) while a TLB in
 * `cpus` still translates onto it.
 */
export function releaseFrames(frames: readonly Frame[], cpus: readonly CpuState[], check: boolean, point: string, out: string[]): void {
  for (const f of frames) {
    if (check && f.page.count() === 1) {
      const pa = f.startPaddr();
      const held = cpusHoldingFrame(cpus, pa, { nonGlobalOnly: true });
      if (held.length > 0) out.push(`${point}: frame ${hex(pa)} freed while the TLB of CPU ${held.join(', ')} still translates onto it`);
    }
    f.drop();
  }
}
