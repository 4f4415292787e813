/**
 * FG5 (DMA and IOMMU) reproductions on a spec-exact VT-d unit (`dmaEnv`), one per switch:
 * translation structures (`tables.ts`), fault handling (`faults.ts`), remapping, DMA and the
 * concurrency scenarios (`remapping.ts`). CON-03 and REM-03 are `static` in `bugs/behaviour.ts`.
 * @module
 */
import type { Reproduction } from '../types.js';
import { FG5_FAULT_REPRODUCTIONS } from './faults.js';
import { FG5_REMAPPING_REPRODUCTIONS } from './remapping.js';
import { FG5_TABLE_REPRODUCTIONS } from './tables.js';

/** The FG5 reproductions (one per switch). */
export const FG5_REPRODUCTIONS: readonly Reproduction[] = [...FG5_TABLE_REPRODUCTIONS, ...FG5_FAULT_REPRODUCTIONS, ...FG5_REMAPPING_REPRODUCTIONS];
