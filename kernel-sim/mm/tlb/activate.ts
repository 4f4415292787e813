/**
 * `activate_page_table` (FG4.2.4): CR3 = root | the root's cache policy (PWT for Writethrough,
 * PCD for Uncacheable). Other policies panic, as at 232e62b.
 * Simplification: under CR4.PCIDE the low CR3 bits are the PCID; the model then keeps the CPU's
 * current PCID and ignores the cache bits (232e62b does not enable PCIDs).
 * @module
 */
import { hex, type CpuState } from '../../machine/index.js';
import { KernelPanic } from '../../util/errors.js';
import type { CachePolicy } from '../page-table/index.js';

const CR3_PWT = 1n << 3n;
const CR3_PCD = 1n << 4n;

/**
 * `activate_page_table(root_paddr, root_pt_cache)`: a MOV to CR3 on `cpu` (flushing the
 * non-global entries).
 * @throws KernelPanic for an unaligned root or an unsupported cache policy.
 */
export function activatePageTable(cpu: CpuState, rootPaddr: number, cache: CachePolicy = 'Writeback'): void {
  if (rootPaddr % 4096 !== 0) throw new KernelPanic('PhysFrame::from_start_address', `root ${hex(rootPaddr)} is not 4 KiB aligned (unwrap on Err)`);
  let bits: bigint;
  if (cache === 'Writeback') bits = 0n;
  else if (cache === 'Writethrough') bits = CR3_PWT;
  else if (cache === 'Uncacheable') bits = CR3_PCD;
  else throw new KernelPanic('activate_page_table', `unsupported cache policy for the root page table: ${cache}`);
  cpu.writeCr3(BigInt(rootPaddr) | (cpu.pcide ? BigInt(cpu.pcid) : bits));
}
