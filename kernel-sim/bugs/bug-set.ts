import { KernelSimError } from '../util/errors.js';
import { isFindingId, type FindingId } from './finding-id.js';

/** The audited behaviours switched on for a run; empty means every fix applied. */
export type BugSet = ReadonlySet<FindingId>;

/** An empty bug set: the fixed behaviour everywhere. */
export const NO_BUGS: BugSet = new Set<FindingId>();

/** A finding ID that kernel-sim does not know. */
export class UnknownFindingError extends KernelSimError {
  constructor(readonly id: string) {
    super(`unknown finding ID '${id}' (expected one like MEM-01; see the audit's findings table)`);
  }
}

/**
 * Builds a bug set from IDs given as strings (e.g. from the command line), case-insensitively,
 * comma- or space-separated.
 * @throws UnknownFindingError naming the first ID that is not a finding.
 */
export function bugSet(ids: Iterable<string> | string = []): BugSet {
  const list = typeof ids === 'string' ? [ids] : [...ids];
  const out = new Set<FindingId>();
  for (const item of list) {
    for (const raw of item.split(/[\s,]+/)) {
      if (raw === '') continue;
      const id = raw.toUpperCase();
      if (!isFindingId(id)) throw new UnknownFindingError(raw);
      out.add(id);
    }
  }
  return out;
}
