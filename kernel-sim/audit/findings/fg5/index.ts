/**
 * FG5 (DMA and IOMMU) reproductions: empty until FG5 is modelled.
 *
 * To wire one in: add `fg5/<id>.ts` exporting a {@link Reproduction} (run the audited and the
 * fixed side on the same input, return what each observed), list it in {@link FG5_REPRODUCTIONS}
 * below, and change the ID's entry in `bugs/behaviour.ts` to `{ kind: 'switch' }`. A code-level
 * FG5 finding gets `static` there (reason and place) and no reproduction. The catalogue test
 * refuses a switch without a reproduction and a reproduction without a switch.
 * @module
 */
import type { Reproduction } from '../types.js';

/** The FG5 reproductions (one file each). */
export const FG5_REPRODUCTIONS: readonly Reproduction[] = [];
