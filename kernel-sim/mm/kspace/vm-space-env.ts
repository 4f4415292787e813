/**
 * A VmSpace environment on the kernel page table that {@link buildKernelAddressSpace} built, as
 * Asterinas runs user address spaces: every user root made by `VmSpace::new` is
 * `KERNEL_PAGE_TABLE.create_user_page_table()`, so it shares the kernel half (root entries
 * 256..511) and a user process sees the linear mapping, the frame metadata and the kernel image.
 *
 * Only types come from `mm/vm-space` (erased at runtime), so this adds no runtime import edge
 * from kspace to vm-space.
 * @module
 */
import { CR4_PCIDE, CpuState, EFER_LMA, Mmu, type MmuOptions } from '../../machine/index.js';
import type { FrameHandleAllocator } from '../handles/index.js';
import type { VmSpaceEnv } from '../vm-space/index.js';
import type { KernelAddressSpace } from './boot-sequence.js';

/** Options of {@link kspaceVmSpaceEnv}. */
export interface KspaceVmSpaceEnvOptions {
  /** The MMU's options (default: the stale detector on, as `mappingEnv` has it). */
  readonly mmu?: MmuOptions;
}

/**
 * A {@link VmSpaceEnv} whose VmSpaces share the kernel half of `ks.pageTable`.
 *
 * - `ctx` is `ks.ctx` (user tables live in the same page-table layer as the kernel's, so the
 *   shared level-3 nodes are reference-counted in one place);
 * - `mmu` is a new MMU over the machine's memory with the stale detector on (`ks.mmu` has it
 *   off, and the detector's counters should cover only what happens from here on);
 * - CPU 0 is `ks.cpu`, in long mode on the kernel page table after the boot; CPUs 1..cpus-1 are
 *   new and brought into CPU 0's paging state (CR4, CR3, EFER, CR0 written in the architectural
 *   order) with CR3 on the kernel root, as an AP does when it starts on `KERNEL_PAGE_TABLE`;
 * - `frames` is the kernel's frame-handle allocator (a `KernelAddressSpace` does not hold the
 *   kernel, so it is passed in: `kernel.frames`).
 *
 * ```ts
 * const kernel = bootKernel('datasets/mbi/q35-1G.mbi');
 * const env = kspaceVmSpaceEnv(buildKernelAddressSpace(kernel), kernel.frames, 4);
 * const vs = VmSpace.new(env);            // root entries 256..511 = the kernel root's
 * vs.activate(env.cpus[1]!);              // a CR3 write: kernel (global) entries stay cached
 * ```
 * @param ks the kernel address space; build one per kernel (building twice maps the kernel image twice)
 * @param frames the kernel's `FrameHandleAllocator` (`kernel.frames`)
 * @param cpus how many CPUs the environment has (at least 1)
 * @throws RangeError for a CPU count that is not an integer >= 1
 * @throws GeneralProtectionFault if CPU 0's registers cannot be loaded on a fresh CPU (not expected)
 */
export function kspaceVmSpaceEnv(ks: KernelAddressSpace, frames: FrameHandleAllocator, cpus: number, opts: KspaceVmSpaceEnvOptions = {}): VmSpaceEnv {
  if (!Number.isInteger(cpus) || cpus < 1) throw new RangeError(`kspaceVmSpaceEnv: cpus must be an integer >= 1, got ${cpus}`);
  const mmu = new Mmu(ks.ctx.memory, opts.mmu ?? { checkStale: true });
  const list: CpuState[] = [ks.cpu];
  const root = BigInt(ks.pageTable.rootPaddr());
  for (let id = 1; id < cpus; id++) list.push(startAp(ks.cpu, root, id));
  return { ctx: ks.ctx, mmu, frames, cpus: list, kernelPageTable: ks.pageTable };
}

// A new CPU with `bsp`'s paging state on the kernel root, through the register writes (their
// #GP rules apply). The root is the kernel's, not whatever `bsp` has loaded since (a user space,
// if the kernel address space served an env before). PCIDE needs long mode and CR3[11:0] = 0,
// so it comes last; LMA is the CPU's to set when CR0.PG goes on.
function startAp(bsp: CpuState, root: bigint, id: number): CpuState {
  const cpu = new CpuState({ id });
  const low = bsp.cr3 & 0xfffn; // PWT/PCD, or the PCID with PCIDE
  const pcide = (bsp.cr4 & CR4_PCIDE) !== 0;
  cpu.writeCr4(bsp.cr4 & ~CR4_PCIDE);
  cpu.writeCr3(pcide ? root : root | low);
  cpu.writeEfer(bsp.efer & ~EFER_LMA);
  cpu.writeCr0(bsp.cr0);
  if (pcide) {
    cpu.writeCr4(bsp.cr4);
    cpu.writeCr3(root | low);
  }
  return cpu;
}
