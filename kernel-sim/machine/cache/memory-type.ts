/**
 * Memory types of CPU accesses, as far as DMA coherence needs them (SDM Vol. 3A §11.3; PAT
 * encodings in shared/reference/hardware-and-metrics.md §5.3): write-back accesses go through
 * the cache, uncached ones (UC, UC-) go straight to memory. WT, WP and WC are not modelled.
 * @module
 */

/** The memory type of an access. */
export type MemoryType = 'WB' | 'UC';

/** PAT memory-type encodings (IA32_PAT entries). */
export const PAT_MEMORY_TYPE = Object.freeze({ UC: 0, WC: 1, WT: 4, WP: 5, WB: 6, UCMinus: 7 } as const);

/** The modelled type of a PAT encoding: WB stays WB; UC and UC- are UC; others are refused by callers. */
export function memoryTypeOfPat(encoding: number): MemoryType | null {
  if (encoding === PAT_MEMORY_TYPE.WB) return 'WB';
  if (encoding === PAT_MEMORY_TYPE.UC || encoding === PAT_MEMORY_TYPE.UCMinus) return 'UC';
  return null;
}
