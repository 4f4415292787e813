/**
 * Replays a decoded schedule choice by choice, checking that each choice is possible.
 * @module
 */
import { ScheduleMismatchError, type ChoiceRun } from '../schedule-string.js';
import type { Chooser, RunView } from '../strategy.js';
import { formatChoice } from '../schedule-string.js';

/** A chooser that follows a fixed list of choice codes. */
export class ReplayChooser implements Chooser {
  constructor(
    /** The choices, one per step. */
    readonly choices: readonly number[],
  ) {}

  /** The recorded choice of `step`; a typed error when it is missing or not enabled. */
  pick(step: number, enabled: Int32Array, n: number, _lastCpu: number, view: RunView): number {
    if (step >= this.choices.length) {
      const opts: string[] = [];
      for (let i = 0; i < n; i++) opts.push(formatChoice(enabled[i]!));
      throw new ScheduleMismatchError(
        view.scenario, step, 'too-short',
        `the schedule ends after ${this.choices.length} steps but the run can continue (enabled: ${opts.join(', ')})`,
      );
    }
    const code = this.choices[step]!;
    for (let i = 0; i < n; i++) if (enabled[i] === code) return i;
    throw new ScheduleMismatchError(view.scenario, step, 'not-enabled', `choice '${formatChoice(code)}' cannot be made: ${view.explain(code)}`);
  }
}

/**
 * A chooser that follows run-length encoded choices, expanding them one step at a time: a
 * schedule claiming millions of steps fails at the first step the scenario cannot take, in
 * time and memory proportional to the steps taken.
 */
export class RunLengthReplayChooser implements Chooser {
  private run = 0;
  private used = 0;

  constructor(
    /** The choices as runs. */
    readonly runs: readonly ChoiceRun[],
    /** Steps in all. */
    readonly steps: number,
  ) {}

  /** The recorded choice of `step` (steps are asked in order); a typed error when it is missing or not enabled. */
  pick(step: number, enabled: Int32Array, n: number, _lastCpu: number, view: RunView): number {
    while (this.run < this.runs.length && this.used >= this.runs[this.run]!.count) {
      this.run++;
      this.used = 0;
    }
    const r = this.runs[this.run];
    if (r === undefined) {
      const opts: string[] = [];
      for (let i = 0; i < n; i++) opts.push(formatChoice(enabled[i]!));
      throw new ScheduleMismatchError(
        view.scenario, step, 'too-short',
        `the schedule ends after ${this.steps} steps but the run can continue (enabled: ${opts.join(', ')})`,
      );
    }
    this.used++;
    for (let i = 0; i < n; i++) if (enabled[i] === r.code) return i;
    throw new ScheduleMismatchError(view.scenario, step, 'not-enabled', `choice '${formatChoice(r.code)}' cannot be made: ${view.explain(r.code)}`);
  }
}
