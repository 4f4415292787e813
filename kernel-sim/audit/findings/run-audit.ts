/**
 * `runAudit`: every catalogue entry run live, the seed's summary tables with live verdict
 * counts, and the 14 targets. `ok` when every entry's result is what the catalogue expects and
 * no target is violated or in error.
 * @module
 */
import { catalogue, findingEntry } from './catalogue.js';
import { detectionOf } from './detection.js';
import { runFinding, type FindingResult } from './run-finding.js';
import { SEED_GROUPS, SEED_SEVERITY } from './seed/summary.js';
import { runTargets, type TargetResult } from './targets.js';
import type { Detection } from './types.js';

/** A count row: the seed's figure beside the live ones. */
export interface CountRow {
  /** Severity or functional group. */
  readonly key: string;
  /** What the seed's table states (null where the seed has no row, e.g. kernel-sim's own IDs). */
  readonly seed: number | null;
  /** Entries in the catalogue. */
  readonly catalogue: number;
  readonly reproduced: number;
  readonly notReproduced: number;
  readonly error: number;
  readonly static: number;
  readonly notModelled: number;
}

/** What {@link runAudit} returns. */
export interface AuditReport {
  readonly ok: boolean;
  readonly findings: readonly (FindingResult & { readonly detection: Detection | 'not caught' | 'not measured yet' })[];
  readonly bySeverity: readonly CountRow[];
  readonly byGroup: readonly CountRow[];
  /** Empty when IDs were given (targets are run for the whole audit only). */
  readonly targets: readonly TargetResult[];
}

/** Counts `results` by `key`, beside the seed's figures. */
export function auditCounts(results: readonly FindingResult[], key: (r: FindingResult) => string, seed: ReadonlyMap<string, number>, order: readonly string[]): CountRow[] {
  const keys = [...order, ...new Set(results.map(key).filter((k) => !order.includes(k)))];
  return keys.map((k) => {
    const rs = results.filter((r) => key(r) === k);
    const n = (x: FindingResult['result']): number => rs.filter((r) => r.result === x).length;
    return { key: k, seed: seed.get(k) ?? null, catalogue: rs.length, reproduced: n('reproduced'), notReproduced: n('not reproduced'), error: n('error'), static: n('static'), notModelled: n('not modelled yet') };
  });
}

/** Runs the whole audit, or only the entries `ids` (then without targets). */
export function runAudit(ids?: readonly string[], opts: { readonly onProgress?: (done: number, total: number) => void } = {}): AuditReport {
  const entries = ids !== undefined && ids.length > 0 ? ids.map((id) => findingEntry(id)) : catalogue();
  const findings = entries.map((e, i) => {
    const r = { ...runFinding(e), detection: detectionOf(e.id) };
    opts.onProgress?.(i + 1, entries.length);
    return r;
  });
  const bySeverity = auditCounts(findings, (r) => r.entry.severity, new Map(SEED_SEVERITY.map((s) => [s.severity, s.total])), SEED_SEVERITY.map((s) => s.severity));
  const byGroup = auditCounts(findings, (r) => r.entry.group, new Map(SEED_GROUPS.map((g) => [g.group, g.findings])), SEED_GROUPS.map((g) => g.group));
  const targets = ids !== undefined && ids.length > 0 ? [] : runTargets();
  const ok = findings.every((f) => f.asExpected) && targets.every((t) => t.result === 'ok' || t.result === 'not modelled yet');
  return { ok, findings, bySeverity, byGroup, targets };
}
