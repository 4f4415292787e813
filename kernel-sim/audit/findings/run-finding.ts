/**
 * Runs catalogue entries: a switch's reproduction gives a verdict; a static or not-modelled
 * entry gives its status and reason, never a verdict.
 * @module
 */
import { findingEntry } from './catalogue.js';
import type { CatalogueEntry, Observation } from './types.js';

/** One entry's live result. */
export interface FindingResult {
  readonly entry: CatalogueEntry;
  /** `reproduced` / `not reproduced` / `error` for a switch; `static` or `not modelled yet` otherwise. */
  readonly result: Observation['verdict'] | 'static' | 'not modelled yet';
  /** The observation (switches only). */
  readonly observation?: Observation;
  /** The reason and place (static) or why not modelled. */
  readonly note?: string;
  /** True when the result is what the catalogue expects. */
  readonly asExpected: boolean;
}

/** Runs `entry` (or the entry of an ID). */
export function runFinding(entry: CatalogueEntry | string): FindingResult {
  const e = typeof entry === 'string' ? findingEntry(entry) : entry;
  const b = e.behaviour;
  if (b.kind === 'static') return { entry: e, result: 'static', note: `${b.reason} (${b.place})`, asExpected: e.expected === 'static' };
  if (b.kind === 'not-modelled') return { entry: e, result: 'not modelled yet', note: b.reason, asExpected: e.expected === 'not modelled yet' };
  const r = e.reproduction!;
  let observation: Observation;
  try {
    const o = r.run();
    observation = { id: e.id, verdict: o.differs ? 'reproduced' : 'not reproduced', summary: o.summary, input: r.input, audited: o.audited, fixed: o.fixed };
  } catch (err) {
    const msg = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    observation = { id: e.id, verdict: 'error', summary: 'the reproduction threw', input: r.input, audited: {}, fixed: {}, error: msg };
  }
  return { entry: e, result: observation.verdict, observation, asExpected: observation.verdict === e.expected };
}
