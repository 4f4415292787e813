/**
 * `PageUsage` of 232e62b (`mm/page/meta.rs`): the byte stored in every `MetaSlot`'s `usage`.
 * Zero is Unused; only an Unused page can be given one of the other usages.
 * @module
 */

/** The usage codes, exactly as the `#[repr(u8)] enum PageUsage` numbers them. */
export const PAGE_USAGE = {
  Unused: 0,
  Reserved: 1,
  Frame: 32,
  PageTable: 64,
  Meta: 65,
  Kernel: 66,
} as const;

/** The name of a usage (`PageUsage` variant). */
export type SlotUsage = keyof typeof PAGE_USAGE;

/** A usage code (a value of {@link PAGE_USAGE}). */
export type SlotUsageCode = (typeof PAGE_USAGE)[SlotUsage];

const NAMES = new Map<number, SlotUsage>(Object.entries(PAGE_USAGE).map(([k, v]) => [v, k as SlotUsage]));

/** The name of usage code `code`, or `'0x..(invalid)'` for a byte no variant has. */
export function usageName(code: number): string {
  const n = NAMES.get(code);
  return n !== undefined ? n : `0x${code.toString(16)} (not a PageUsage)`;
}
