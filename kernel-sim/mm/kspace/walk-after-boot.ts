/**
 * What `kernel-sim pagewalk FILE VA` runs: boot the kernel on a memory map, build the kernel page
 * table ({@link buildKernelAddressSpace}) and walk one virtual address level by level.
 * @module
 */
import type { BugSet } from '../../bugs/index.js';
import { isCanonical } from '../../machine/index.js';
import { KernelSimError } from '../../util/errors.js';
import { NonCanonicalVaddrError } from '../page-table/index.js';
import { buildKernelAddressSpace, type BootedKernel } from './boot-sequence.js';
import { pageWalkView, type PageWalkView } from './page-walk-view.js';

/** A virtual address argument that is not a 64-bit integer. */
export class VaddrSyntaxError extends KernelSimError {
  constructor(readonly text: string) {
    super(`'${text}' is not a virtual address (a 64-bit integer, e.g. 0xffff800000001000)`);
  }
}

/**
 * Parses `0x...`, `0o...`, `0b...` or decimal, `_` separators allowed.
 * @throws VaddrSyntaxError for anything else or a value outside 0..2^64-1
 */
export function parseVaddr(text: string): bigint {
  const t = text.trim().replace(/_/g, '');
  if (!/^(0x[0-9a-f]+|0o[0-7]+|0b[01]+|[0-9]+)$/i.test(t)) throw new VaddrSyntaxError(text);
  const v = BigInt(t);
  if (v >= 1n << 64n) throw new VaddrSyntaxError(text);
  return v;
}

/** The walk with what the page table was built from. */
export interface WalkAfterBoot extends PageWalkView {
  /** Page-table pages of the kernel page table. */
  readonly pageTablePages: number;
  readonly physMemCap: number;
}

/**
 * Walks `va` on the kernel page table of a kernel booted by `boot`.
 * @throws VaddrSyntaxError, NonCanonicalVaddrError (checked before booting), and the boot's errors
 */
export function walkAfterBoot(boot: (bugs: BugSet | undefined) => BootedKernel, vaText: string, bugs?: BugSet): WalkAfterBoot {
  const va = parseVaddr(vaText);
  if (!isCanonical(va, false)) throw new NonCanonicalVaddrError(va, 48); // the kernel runs 4-level paging
  const kernel = boot(bugs);
  const ks = buildKernelAddressSpace(kernel);
  const view = pageWalkView(ks.mmu, ks.cpu, va);
  return { ...view, pageTablePages: ks.report.pageTablePages, physMemCap: ks.report.physMemCap };
}
