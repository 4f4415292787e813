/**
 * The registry of audit scenarios: one reproduction per concurrency finding or verification
 * target, each buildable as the audited (232e62b) or fixed variant. The CLI (`kernel-sim
 * explore` / `replay`) and the notebook look scenarios up here; a schedule string names its
 * scenario (`hep-01/audited/cpus=4`), and {@link scenarioFromName} rebuilds it for replay.
 *
 * ```ts
 * const s = getScenario('alo-01').build('audited');
 * const r = explore(s, { strategy: 'dfs', preemptionBound: 2 });   // r.failures[0].kind === 'deadlock'
 * replay(scenarioFromName('alo-01/audited'), r.failures[0]!.schedule);
 * ```
 * @module
 */
import { UnknownScenarioError, type Scenario } from '../../sync/index.js';
import { alo01 } from './alo-01.js';
import { ScenarioParamError, type ScenarioEntry, type ScenarioVariant } from './common.js';
import { cur03 } from './cur-03.js';
import { hep01 } from './hep-01.js';
import { hep03 } from './hep-03.js';
import { moi01 } from './moi-01.js';
import { moi04 } from './moi-04.js';
import { mop02 } from './mop-02.js';
import { target03 } from './target-03.js';
import { target07 } from './target-07.js';
import { target08 } from './target-08.js';

export { ScenarioParamError, type ParamSpec, type ScenarioEntry, type ScenarioVariant } from './common.js';

/** Every scenario, in the audit's order: findings first, then targets. */
export const SCENARIOS: readonly ScenarioEntry[] = Object.freeze([alo01, cur03, hep01, hep03, moi01, moi04, mop02, target08, target07, target03]);

/** The scenario `id`. @throws UnknownScenarioError listing the known ids. */
export function getScenario(id: string): ScenarioEntry {
  const e = SCENARIOS.find((s) => s.id === id);
  if (!e) throw new UnknownScenarioError(id, SCENARIOS.map((s) => s.id));
  return e;
}

/**
 * Rebuilds a scenario from its name, `id/variant` with optional `/param=value` parts (what a
 * schedule string carries).
 * @throws UnknownScenarioError for an unknown id; ScenarioParamError for a malformed name, an
 *   unknown variant or parameter, or a value out of range.
 */
export function scenarioFromName(name: string): Scenario {
  const parts = String(name).split('/');
  const [id, variant, ...rest] = parts;
  if (id === undefined || id === '' || variant === undefined) {
    throw new ScenarioParamError(String(name), 'name', "is malformed: expected '<id>/<audited|fixed>[/<param>=<value>...]'");
  }
  const entry = getScenario(id);
  if (variant !== 'audited' && variant !== 'fixed') throw new ScenarioParamError(id, 'variant', `is '${variant}', expected 'audited' or 'fixed'`);
  const params: Record<string, number> = {};
  for (const p of rest) {
    const m = /^([a-z][a-z0-9-]*)=(-?[0-9]+)$/.exec(p);
    if (!m) throw new ScenarioParamError(id, p, "is malformed: expected '<param>=<integer>'");
    if (m[1]! in params) throw new ScenarioParamError(id, m[1]!, 'is given twice');
    params[m[1]!] = Number(m[2]);
  }
  const s = entry.build(variant as ScenarioVariant, params);
  if (s.name !== name) throw new ScenarioParamError(id, 'name', `'${name}' is not canonical; the scenario is named '${s.name}' (defaults are left out)`);
  return s;
}
