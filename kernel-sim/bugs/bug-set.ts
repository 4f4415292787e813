import { KernelSimError } from '../util/errors.js';
import { behaviourOf } from './behaviour.js';
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
 * A known finding ID that is not a switch: a code-level (static) finding, or one whose
 * behaviour is not modelled yet. Switching it on would change nothing, so it is refused.
 */
export class UnmodelledFindingError extends KernelSimError {
  constructor(
    /** The finding ID. */
    readonly id: FindingId,
    /** `static` or `not-modelled`. */
    readonly kind: 'static' | 'not-modelled',
    /** Why, with the place for a static finding. */
    readonly reason: string,
  ) {
    super(kind === 'static'
      ? `finding ${id} is static (code-level, no behaviour to switch): ${reason}`
      : `finding ${id} is not modelled yet: ${reason}`);
  }
}

/**
 * Builds a bug set from IDs given as strings (e.g. from the command line), case-insensitively,
 * comma- or space-separated.
 * @throws UnknownFindingError naming the first ID that is not a finding.
 * @throws UnmodelledFindingError for a static or not-modelled finding (see `bugs/behaviour.ts`).
 */
export function bugSet(ids: Iterable<string> | string = []): BugSet {
  const list = typeof ids === 'string' ? [ids] : [...ids];
  const out = new Set<FindingId>();
  for (const item of list) {
    for (const raw of item.split(/[\s,]+/)) {
      if (raw === '') continue;
      const id = raw.toUpperCase();
      if (!isFindingId(id)) throw new UnknownFindingError(raw);
      const b = behaviourOf(id);
      if (b.kind === 'static') throw new UnmodelledFindingError(id, 'static', `${b.reason} (${b.place})`);
      if (b.kind === 'not-modelled') throw new UnmodelledFindingError(id, 'not-modelled', b.reason);
      out.add(id);
    }
  }
  return out;
}
