/**
 * Seeded random scheduling: at every step a uniformly random enabled choice. One generator
 * runs through all the runs of an exploration, so a seed determines the whole sequence.
 * @module
 */
import { SeededRng } from '../../util/seeded-rng.js';
import type { Chooser, Strategy } from '../strategy.js';

/** The random strategy. */
export class RandomStrategy implements Strategy, Chooser {
  /** Shown in results. */
  readonly name: string;
  private readonly rng: SeededRng;

  constructor(seed: number) {
    this.name = `random(seed=${seed})`;
    this.rng = new SeededRng(seed);
  }

  /** Runs never run out (the explorer's run limit stops it). */
  nextRun(): Chooser {
    return this;
  }

  /** A uniformly random enabled choice. */
  pick(_step: number, _enabled: Int32Array, n: number): number {
    return this.rng.below(n);
  }
}
