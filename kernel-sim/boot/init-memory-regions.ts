/**
 * `init_memory_regions` (seed FG1.1): the regions of the memory map, the framebuffer, the kernel
 * image and the boot modules, made non-overlapping by {@link nonOverlappingRegionsFrom}.
 * @module
 */
import type { BugSet } from '../bugs/index.js';
import { KernelSimError } from '../util/errors.js';
import { kernelImageFrom, type KernelImage } from './kernel-image.js';
import { regionTypeFromMmap, type MemoryRegion } from './memory-region.js';
import { findTag, findTags, type MultibootInfo } from './multiboot2/index.js';
import { nonOverlappingRegionsFrom } from './non-overlapping.js';

/** Where an input region came from, for checks and charts. */
export type RegionSource =
  | { readonly kind: 'mmap'; readonly index: number; readonly mmapType: number }
  | { readonly kind: 'framebuffer' }
  | { readonly kind: 'kernel' }
  | { readonly kind: 'module'; readonly index: number };

/** An input region of `init_memory_regions` and its source. */
export interface SourcedRegion extends MemoryRegion {
  readonly source: RegionSource;
}

/** The input and output of one `init_memory_regions` run. */
export interface MemoryLayout {
  /** The regions gathered before `non_overlapping_regions_from`, in the order FG1.1 pushes them. */
  readonly input: readonly SourcedRegion[];
  /** `memory_regions` after `non_overlapping_regions_from`. */
  readonly regions: readonly MemoryRegion[];
  /** The framebuffer tag was present (Target 1 expects its region). */
  readonly hasFramebuffer: boolean;
}

/** Options of {@link initMemoryRegions}. */
export interface InitMemoryRegionsOptions {
  readonly bugs?: BugSet;
  /** The kernel image's span; by default read from the MBI's ELF-sections tag. */
  readonly kernelImage?: KernelImage;
}

/** The MBI lacks what `init_memory_regions` needs. */
export class MemoryLayoutError extends KernelSimError {}

/**
 * Gathers the boot memory regions as FG1.1 does and makes them non-overlapping.
 * @throws MemoryLayoutError when the MBI has no memory-map tag (the kernel would panic:
 *   "Memory region not found from the Multiboot2 header!").
 */
export function initMemoryRegions(info: MultibootInfo, opts: InitMemoryRegionsOptions = {}): MemoryLayout {
  const mmap = findTag(info, 6);
  if (!mmap) throw new MemoryLayoutError('Memory region not found from the Multiboot2 header! (no memory-map tag, type 6)');
  const input: SourcedRegion[] = mmap.entries.map((e, index) => ({
    base: e.base,
    len: e.length,
    type: regionTypeFromMmap(e.type),
    source: { kind: 'mmap', index, mmapType: e.type },
  }));
  const fb = findTag(info, 8);
  if (fb) {
    // The audited length ignores the pitch: width * height * bpp bits, rounded up to bytes.
    const len = (BigInt(fb.width) * BigInt(fb.height) * BigInt(fb.bpp) + 7n) / 8n;
    input.push({ base: fb.addr, len, type: 'Framebuffer', source: { kind: 'framebuffer' } });
  }
  const kernel = opts.kernelImage ?? kernelImageFrom(info);
  input.push({ base: kernel.base, len: kernel.len, type: 'Kernel', source: { kind: 'kernel' } });
  findTags(info, 3).forEach((m, index) => {
    if (m.modEnd < m.modStart) {
      throw new MemoryLayoutError(`module tag at MBI byte offset ${m.offset ?? '?'}: mod_end 0x${m.modEnd.toString(16)} is below mod_start 0x${m.modStart.toString(16)}`);
    }
    input.push({ base: BigInt(m.modStart), len: BigInt(m.modEnd - m.modStart), type: 'Module', source: { kind: 'module', index } });
  });
  const regions = nonOverlappingRegionsFrom(input.map(({ base, len, type }) => ({ base, len, type })), { bugs: opts.bugs });
  return { input, regions, hasFramebuffer: fb !== undefined };
}
