/**
 * How many 4 KiB and 2 MiB pages `map_pa` uses for a range, by the cursor's rule (a 2 MiB page
 * where the virtual and physical addresses are both aligned and the rest of the range covers it;
 * 232e62b's x86 `HIGHEST_TRANSLATION_LEVEL` is 2, so no 1 GiB pages).
 * @module
 */

const HUGE = 0x20_0000;
const BASE = 0x1000;

/** Page counts by size. */
export interface PageCounts {
  readonly pages4K: number;
  readonly pages2M: number;
}

/** The pages `map_pa(va, pa..pa+len)` writes (`len` a multiple of 4 KiB). */
export function mapPaPageCounts(va: bigint, pa: number, len: number): PageCounts {
  const vaLow = Number(va % BigInt(HUGE));
  if (vaLow !== pa % HUGE || len < HUGE) return { pages4K: len / BASE, pages2M: 0 };
  const head = vaLow === 0 ? 0 : Math.min(len, HUGE - vaLow);
  const huge = Math.floor((len - head) / HUGE);
  const tail = len - head - huge * HUGE;
  return { pages4K: (head + tail) / BASE, pages2M: huge };
}
