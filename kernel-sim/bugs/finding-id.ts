/**
 * The identifiers of the audit's 38 findings and 10 optimizations (seed, "Findings" table),
 * plus IDs of our own for audited behaviours the report does not list (each says where it
 * comes from). A finding ID in a {@link BugSet} selects the audited behaviour of commit 232e62b.
 * @module
 */

/** Every finding and optimization ID of the audit. */
export const AUDIT_FINDING_IDS = [
  'ALO-01', 'ALO-02', 'ALO-04',
  'BOO-01', 'BOO-02', 'BOO-03', 'BOO-04',
  'CON-01', 'CON-02', 'CON-03', 'CON-04',
  'CUR-01', 'CUR-02', 'CUR-03', 'CUR-06', 'CUR-07',
  'DME-01',
  'FAU-01', 'FAU-02', 'FAU-03',
  'HEP-01', 'HEP-02', 'HEP-03',
  'IOV-01',
  'KSP-01', 'KSP-02',
  'MEA-01', 'MEM-01',
  'MOI-02', 'MOI-03', 'MOI-04',
  'MOL-01',
  'MOM-01', 'MOM-02', 'MOM-03', 'MOM-04',
  'MOP-01', 'MOP-02',
  'NOE-01', 'NOE-02', 'NOE-03', 'NOE-04',
  'REM-01', 'REM-02', 'REM-03',
  'SPA-01', 'SPA-02',
] as const;

/** IDs of audited behaviours found by kernel-sim itself (not in the audit). */
export const EXTRA_FINDING_IDS = [] as const;

/** A finding ID: the audit's, or one of kernel-sim's own. */
export type FindingId = (typeof AUDIT_FINDING_IDS)[number] | (typeof EXTRA_FINDING_IDS)[number];

const ALL: ReadonlySet<string> = new Set<string>([...AUDIT_FINDING_IDS, ...EXTRA_FINDING_IDS]);

/** True when `id` names a known finding. */
export function isFindingId(id: string): id is FindingId {
  return ALL.has(id);
}
