/**
 * Switches for the audited behaviours: a {@link BugSet} of finding IDs selects the code of
 * commit 232e62b for those findings; everything else runs fixed.
 * @module
 */
export { AUDIT_FINDING_IDS, EXTRA_FINDING_IDS, EXTRA_FINDINGS, isFindingId, type FindingId } from './finding-id.js';
export { bugSet, NO_BUGS, UnknownFindingError, type BugSet } from './bug-set.js';
