/**
 * FG5 (DMA and IOMMU) reproductions, one file per finding (or per group of findings on one
 * setup), and kernel-sim's own FG5 IDs (SLP-01, FCL-01, FRW-01, FPD-01, IOT-01, DID-01).
 *
 * To wire one in: add `fg5/<id>.ts` exporting a {@link Reproduction} (run the audited and the
 * fixed side on the same input, return what each observed), list it in {@link FG5_REPRODUCTIONS}
 * below, and make the ID a switch in `bugs/behaviour.ts` (or `static` with reason and place,
 * and no reproduction). The catalogue refuses a switch without a reproduction and a
 * reproduction without a switch.
 * @module
 */
import { scenarioReproduction } from '../scenario-reproduction.js';
import type { Reproduction } from '../types.js';
import { did01 } from './did-01.js';
import { dme01 } from './dme-01.js';
import { fau01 } from './fau-01.js';
import { fau02, fau03, fcl01, frw01 } from './fault-handler.js';
import { fpd01, moi02, rem01, rem02, slp01 } from './isolation.js';
import { iot01 } from './iot-01.js';
import { moi03 } from './moi-03.js';
import { con01, con02, con04 } from './tables.js';

/** The FG5 reproductions. */
export const FG5_REPRODUCTIONS: readonly Reproduction[] = [
  con01, con02, con04, dme01, fau01, fau02, fau03,
  scenarioReproduction('MOI-01', 'moi-01'),
  moi02, moi03,
  scenarioReproduction('MOI-04', 'moi-04'),
  rem01, rem02, slp01, fcl01, frw01, fpd01, iot01, did01,
];
