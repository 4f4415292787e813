/**
 * Switches for the audited behaviours: a {@link BugSet} of finding IDs selects the code of
 * commit 232e62b for those findings; everything else runs fixed. Only IDs whose behaviour is
 * modelled are switches ({@link modelledFindingIds}); the others are refused with the reason.
 * @module
 */
export { AUDIT_FINDING_IDS, EXTRA_FINDING_IDS, EXTRA_FINDINGS, isFindingId, type FindingId } from './finding-id.js';
export { BEHAVIOUR, behaviourOf, modelledFindingIds, type Behaviour } from './behaviour.js';
export { bugSet, NO_BUGS, UnknownFindingError, UnmodelledFindingError, type BugSet } from './bug-set.js';
