/** The outcome of checking one property of a verification target. */
export interface PropertyResult {
  /** The property's name as the seed lists it. */
  readonly property: string;
  readonly ok: boolean;
  /** What broke it, one line each, with addresses. */
  readonly violations: readonly string[];
  /** Facts worth knowing that do not break the property. */
  readonly notes?: readonly string[];
}

/** The outcome of checking a whole verification target. */
export interface TargetReport {
  readonly target: number;
  readonly ok: boolean;
  readonly properties: readonly PropertyResult[];
}

/** Bundles property results into a report. */
export function targetReport(target: number, properties: PropertyResult[]): TargetReport {
  return { target, ok: properties.every((p) => p.ok), properties };
}

/** A property result from its violations. */
export function property(name: string, violations: string[], notes?: string[]): PropertyResult {
  return notes && notes.length > 0 ? { property: name, ok: violations.length === 0, violations, notes } : { property: name, ok: violations.length === 0, violations };
}
