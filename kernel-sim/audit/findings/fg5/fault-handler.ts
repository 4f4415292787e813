/**
 * FAU-02, FAU-03, FCL-01, FRW-01: the fault handler on a spec-exact unit with four fault
 * records and four malicious devices.
 * @module
 */
import { dmaEnv, type DmaEnv } from '../../../kernel/index.js';
import { EVIL, faultsHandled, ff, pairReproduction } from './common.js';

const EVILS = ['00:1f.7', '00:1e.0', '00:1d.0', '00:1c.0'];
const make = (bugs: string[]): DmaEnv => dmaEnv({ bugs, units: [{ scope: 'all', faultRecords: 4 }], devices: EVILS.map((at) => ({ at, kind: 'malicious' as const })) });

// `n` devices fault with no interrupt delivery in between.
function burst(env: DmaEnv, n: number): void {
  for (let i = 0; i < n; i++) env.device(EVILS[i]!).dmaWrite(0x2000, ff(1));
  env.deliverInterrupts();
}

/** FAU-02's reproduction. */
export const fau02 = pairReproduction(
  'FAU-02',
  'five faults from one device, each delivered before the next',
  (bugs) => {
    const env = make(bugs);
    for (let i = 0; i < 5; i++) env.dmaWrite(EVIL, 0x10_0000 + i * 4096, ff(1));
    const u = env.platform!.units[0]!.faults.stats;
    return { interrupts: u.interrupts, faultsHandled: faultsHandled(env), collapsed: u.collapsed };
  },
  (a, f) => a.faultsHandled === 1 && f.faultsHandled === 5,
  (a, f) => `5 faults: audited ${a.interrupts} interrupt, ${a.faultsHandled} handled, ${a.collapsed} collapsed; fixed ${f.interrupts} and ${f.faultsHandled}`,
);

/** FAU-03's reproduction. */
export const fau03 = pairReproduction(
  'FAU-03',
  'three faults pending at one interrupt, then a fourth',
  (bugs) => {
    const env = make(bugs);
    burst(env, 3);
    const u = env.platform!.units[0]!.faults;
    env.dmaWrite(EVILS[3]!, 0x3000, ff(1));
    return { faultsHandled: faultsHandled(env), pending: u.pending, interrupts: u.stats.interrupts };
  },
  (a, f) => a.faultsHandled === 1 && f.faultsHandled === 4 && f.pending === 0,
  (a, f) => `four faults: audited ${a.faultsHandled} handled, ${a.pending} left pending (the unit goes silent); fixed ${f.faultsHandled} handled`,
);

/** FCL-01's reproduction. */
export const fcl01 = pairReproduction(
  'FCL-01',
  'two devices fault one after the other',
  (bugs) => {
    const env = make(bugs);
    env.dmaWrite(EVILS[0]!, 0x1000, ff(1));
    env.dmaWrite(EVILS[1]!, 0x1000, ff(1));
    const u = env.platform!.units[0]!.faults;
    return { interrupts: u.stats.interrupts, faultsHandled: faultsHandled(env), pending: u.pending };
  },
  (a, f) => a.interrupts === 1 && f.interrupts === 2,
  (a, f) => `the second fault: audited ${a.interrupts} interrupt in all (F stays set), fixed ${f.interrupts}`,
);

/** FRW-01's reproduction. */
export const frw01 = pairReproduction(
  'FRW-01',
  'two bursts of three faults on a four-record ring (the second wraps: records 3, 0, 1)',
  (bugs) => {
    const env = make(bugs);
    burst(env, 3);
    burst(env, 3);
    return { recordsHandled: env.remapping!.units[0]!.fault.handled.map((h) => h.index), pending: env.platform!.units[0]!.faults.pending };
  },
  (a, f) => (a.pending as number) > 0 && f.pending === 0,
  (a, f) => `after the wrap: audited handled records [${(a.recordsHandled as number[]).join(', ')}], ${a.pending} left; fixed [${(f.recordsHandled as number[]).join(', ')}]`,
);
