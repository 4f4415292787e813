/**
 * The shapes of the findings catalogue: a finding as the seed states it, how kernel-sim has it
 * (switch with a reproduction, static, not modelled yet), and what a reproduction observed.
 * @module
 */
import type { Behaviour, FindingId } from '../../bugs/index.js';

/** The seed's severities (optimizations have their own). */
export type Severity = 'Critical' | 'Major' | 'Medium' | 'Minor' | 'Optimization' | 'Unrated';

/** The seed's functional groups. */
export type FunctionalGroup = 'FG1' | 'FG2' | 'FG3' | 'FG4' | 'FG5';

/** A finding or optimization as the seed's header gives it, or one of kernel-sim's own. */
export interface SeedFinding {
  readonly id: FindingId;
  readonly title: string;
  readonly category: string;
  readonly severity: Severity;
  /** `Resolved` / `Acknowledged` (seed); `kernel-sim` for our own IDs. */
  readonly status: 'Resolved' | 'Acknowledged' | 'kernel-sim';
  /** File and lines at 232e62b. */
  readonly location: string;
  readonly kind: 'finding' | 'optimization' | 'kernel-sim';
  readonly group: FunctionalGroup;
  /** Where the entry comes from: the seed's line, or the source of a kernel-sim ID. */
  readonly source: string;
}

/** A reproduction's verdict. */
export type Verdict = 'reproduced' | 'not reproduced' | 'error';

/** One side's observations: numbers, a schedule, bytes (as hex), short strings. */
export type Observed = Readonly<Record<string, string | number | boolean | null | readonly (string | number)[]>>;

/** What one reproduction run saw. */
export interface Observation {
  readonly id: FindingId;
  readonly verdict: Verdict;
  /** One line: what differed (or did not). */
  readonly summary: string;
  /** The common input or schedule both sides ran. */
  readonly input: string;
  readonly audited: Observed;
  readonly fixed: Observed;
  /** The error's name and message when the verdict is `error`. */
  readonly error?: string;
}

/**
 * A reproduction in the library: runs the audited and the fixed code on the same input (or
 * schedule) and says whether they differ as the finding says.
 */
export interface Reproduction {
  readonly id: FindingId;
  /** The input or schedule, in one line. */
  readonly input: string;
  /** Runs both sides; `differs` is the verdict's ground (the finding's effect seen on audited, not on fixed). */
  run(): { readonly differs: boolean; readonly summary: string; readonly audited: Observed; readonly fixed: Observed };
}

/** How the detection work (random workloads through generic checks) caught a switch. */
export interface Detection {
  /** The generic check that caught it, e.g. `Target 5`. */
  readonly caughtBy: string;
  /** Operations of the workload until caught. */
  readonly opsUntilCaught: number;
  /** Where the figure comes from (workload, seed). */
  readonly source: string;
}

/** One catalogue entry. */
export interface CatalogueEntry extends SeedFinding {
  readonly behaviour: Behaviour;
  /** Present exactly when the behaviour is a switch. */
  readonly reproduction?: Reproduction;
  /** What the audit expects of the entry: a switch is reproduced. */
  readonly expected: 'reproduced' | 'static' | 'not modelled yet';
}
