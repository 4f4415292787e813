/**
 * The findings catalogue: every finding and optimization of the seed (FG1-FG5) and kernel-sim's
 * own IDs, each with its behaviour in the model and, for a switch, its reproduction.
 * @module
 */
import { behaviourOf, isFindingId, type FindingId } from '../../bugs/index.js';
import { KernelSimError } from '../../util/errors.js';
import { FG5_REPRODUCTIONS } from './fg5/index.js';
import { KERNEL_SIM_FINDINGS } from './kernel-sim-ids.js';
import { FG1_FG3_REPRODUCTIONS } from './reproductions/fg1-fg3.js';
import { FG4_BOOT_REPRODUCTIONS } from './reproductions/fg4-boot-kspace.js';
import { FG4_PAGE_TABLE_REPRODUCTIONS } from './reproductions/fg4-page-table.js';
import { FG4_TLB_IO_REPRODUCTIONS } from './reproductions/fg4-tlb-io.js';
import { scenarioReproduction } from './scenario-reproduction.js';
import { FG1_FINDINGS } from './seed/fg1-memory-layout.js';
import { FG2_FINDINGS } from './seed/fg2-frame-allocation.js';
import { FG3_FINDINGS } from './seed/fg3-heap-allocation.js';
import { FG4_FINDINGS } from './seed/fg4-memory-mapping.js';
import { FG5_FINDINGS } from './seed/fg5-dma-iommu.js';
import type { CatalogueEntry, Reproduction, SeedFinding } from './types.js';

/** A finding ID the catalogue does not hold, or one given where a reproduction is needed. */
export class CatalogueError extends KernelSimError {
  constructor(readonly id: string, readonly reason: string) {
    super(`finding '${id}': ${reason}`);
  }
}

/** Every reproduction, by finding ID. */
const REPRODUCTIONS: readonly Reproduction[] = [
  ...FG1_FG3_REPRODUCTIONS,
  ...FG4_BOOT_REPRODUCTIONS,
  ...FG4_TLB_IO_REPRODUCTIONS,
  ...FG4_PAGE_TABLE_REPRODUCTIONS,
  ...FG5_REPRODUCTIONS,
  scenarioReproduction('ALO-01', 'alo-01'),
  scenarioReproduction('HEP-01', 'hep-01'),
  scenarioReproduction('HEP-03', 'hep-03'),
  scenarioReproduction('CUR-03', 'cur-03'),
  scenarioReproduction('MOP-02', 'mop-02'),
];

const SEED_ORDER: readonly SeedFinding[] = [...FG1_FINDINGS, ...FG2_FINDINGS, ...FG3_FINDINGS, ...FG4_FINDINGS, ...FG5_FINDINGS, ...KERNEL_SIM_FINDINGS];

let built: readonly CatalogueEntry[] | null = null;

/** The catalogue, by functional group, then ID (kernel-sim's own IDs last). */
export function catalogue(): readonly CatalogueEntry[] {
  if (built !== null) return built;
  const byId = new Map<FindingId, Reproduction>();
  for (const r of REPRODUCTIONS) {
    if (byId.has(r.id)) throw new CatalogueError(r.id, 'has two reproductions');
    byId.set(r.id, r);
  }
  built = Object.freeze(SEED_ORDER.map((f): CatalogueEntry => {
    const behaviour = behaviourOf(f.id);
    const reproduction = byId.get(f.id);
    if (behaviour.kind === 'switch' && reproduction === undefined) throw new CatalogueError(f.id, 'is a --bugs switch without a reproduction');
    if (behaviour.kind !== 'switch' && reproduction !== undefined) throw new CatalogueError(f.id, `has a reproduction but is ${behaviour.kind} in bugs/behaviour.ts`);
    const expected = behaviour.kind === 'switch' ? 'reproduced' : behaviour.kind === 'static' ? 'static' : 'not modelled yet';
    return reproduction ? { ...f, behaviour, reproduction, expected } : { ...f, behaviour, expected };
  }));
  return built;
}

/** The entry of `id` (case-insensitive). @throws CatalogueError for an ID not in the catalogue. */
export function findingEntry(id: string): CatalogueEntry {
  const up = id.toUpperCase();
  const e = isFindingId(up) ? catalogue().find((x) => x.id === up) : undefined;
  if (e === undefined) throw new CatalogueError(id, 'is not in the findings catalogue (see kernel-sim findings)');
  return e;
}
