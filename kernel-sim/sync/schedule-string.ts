/**
 * Schedule strings: the compact, replayable record of one run's choices.
 *
 * Format: `ks1:<scenario>:<choices>`. `ks1` is the format version; `<scenario>` the scenario's
 * name (it may contain `:`, the choices start after the last one); `<choices>` a comma-separated
 * run-length encoding of one choice per step: `N` runs CPU N's top context to its next
 * preemption point, `iN` delivers CPU N's next pending interrupt (its handler runs to its first
 * preemption point), and a suffix `xK` repeats a choice K times. Example:
 * `ks1:lost-update:0x2,1x3,0` is CPU 0 twice, CPU 1 three times, CPU 0 once.
 * @module
 */
import { KernelSimError } from '../util/errors.js';

/** The current format version. */
export const SCHEDULE_VERSION = 'ks1';

/** Base of the errors about schedule strings. */
export class ScheduleError extends KernelSimError {}

/** A schedule string that cannot be parsed. */
export class ScheduleFormatError extends ScheduleError {
  constructor(
    /** The string. */
    readonly input: string,
    /** Character offset of the problem. */
    readonly offset: number,
    /** What is wrong there. */
    readonly reason: string,
  ) {
    super(`malformed schedule string at offset ${offset}: ${reason} (in '${input.length > 80 ? input.slice(0, 77) + '...' : input}')`);
  }
}

/** Why a well-formed schedule does not fit its scenario. */
export type ScheduleMismatchReason = 'scenario' | 'not-enabled' | 'too-short' | 'too-long';

/** A schedule string that does not fit the scenario it is replayed on. */
export class ScheduleMismatchError extends ScheduleError {
  constructor(
    /** The scenario replayed. */
    readonly scenario: string,
    /** The step (0-based) at which it stopped fitting. */
    readonly step: number,
    /** Why. */
    readonly reason: ScheduleMismatchReason,
    /** The details: the choice, what is enabled, why a choice is impossible. */
    readonly detail: string,
  ) {
    super(`schedule does not fit scenario '${scenario}' at step ${step} (${reason}): ${detail}`);
  }
}

/** A decoded schedule string. */
export interface DecodedSchedule {
  /** Format version. */
  readonly version: string;
  /** Scenario name. */
  readonly scenario: string;
  /** One choice code per step (`c` runs CPU c, `~c` delivers an interrupt to it). */
  readonly choices: number[];
}

/** One choice code as written in a schedule string. */
export function formatChoice(code: number): string {
  return code >= 0 ? String(code) : `i${~code}`;
}

/** Encodes the choices of a run of `scenario`. */
export function encodeSchedule(scenario: string, choices: ArrayLike<number>): string {
  const parts: string[] = [];
  let i = 0;
  while (i < choices.length) {
    const c = choices[i]!;
    let j = i + 1;
    while (j < choices.length && choices[j] === c) j++;
    const k = j - i;
    parts.push(k === 1 ? formatChoice(c) : `${formatChoice(c)}x${k}`);
    i = j;
  }
  return `${SCHEDULE_VERSION}:${scenario}:${parts.join(',')}`;
}

const TOKEN = /^(i?)(0|[1-9][0-9]{0,5})(?:x([1-9][0-9]{0,8}))?$/;
const MAX_STEPS = 50_000_000;

/** A run of one choice repeated: `count` steps of `code`. */
export interface ChoiceRun {
  readonly code: number;
  readonly count: number;
}

/** A schedule string decoded into runs, without expanding them (its size is the string's). */
export interface ScheduleRuns {
  readonly version: string;
  readonly scenario: string;
  /** The choices as runs, in order. */
  readonly runs: readonly ChoiceRun[];
  /** Steps in all: the sum of the counts. */
  readonly steps: number;
}

/**
 * Decodes a schedule string into runs, without expanding `xK` repeats, so a short string that
 * claims millions of steps costs only its length; a {@link ScheduleFormatError} says where it
 * is malformed. Replay expands the runs step by step as the scenario consumes them.
 */
export function decodeScheduleRuns(s: string): ScheduleRuns {
  if (typeof s !== 'string') throw new ScheduleFormatError(String(s), 0, 'not a string');
  const first = s.indexOf(':');
  const last = s.lastIndexOf(':');
  if (first < 0 || last === first) {
    throw new ScheduleFormatError(s, first < 0 ? 0 : first, `expected '${SCHEDULE_VERSION}:<scenario>:<choices>'`);
  }
  const version = s.slice(0, first);
  if (version !== SCHEDULE_VERSION) {
    throw new ScheduleFormatError(s, 0, `unknown version '${version}' (this build reads '${SCHEDULE_VERSION}')`);
  }
  const scenario = s.slice(first + 1, last);
  if (scenario.length === 0) throw new ScheduleFormatError(s, first + 1, 'empty scenario name');
  const body = s.slice(last + 1);
  const runs: ChoiceRun[] = [];
  let steps = 0;
  if (body.length > 0) {
    let offset = last + 1;
    for (const tok of body.split(',')) {
      const m = TOKEN.exec(tok);
      if (!m) {
        const why = tok.length === 0 ? 'empty choice (two commas or a trailing comma)' : `'${tok}' is not a choice ('N', 'iN', optionally 'xK' with K >= 1)`;
        throw new ScheduleFormatError(s, offset, why);
      }
      const cpu = Number(m[2]);
      const code = m[1] === 'i' ? ~cpu : cpu;
      const k = m[3] === undefined ? 1 : Number(m[3]);
      if (steps + k > MAX_STEPS) throw new ScheduleFormatError(s, offset, `more than ${MAX_STEPS} steps`);
      runs.push({ code, count: k });
      steps += k;
      offset += tok.length + 1;
    }
  }
  return { version, scenario, runs, steps };
}

/** Decodes a schedule string, one choice per step; a {@link ScheduleFormatError} says where it is malformed. */
export function decodeSchedule(s: string): DecodedSchedule {
  const d = decodeScheduleRuns(s);
  const choices: number[] = [];
  for (const r of d.runs) for (let i = 0; i < r.count; i++) choices.push(r.code);
  return { version: d.version, scenario: d.scenario, choices };
}
