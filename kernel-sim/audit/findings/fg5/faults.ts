/**
 * FG5 reproductions of fault handling on a spec-exact unit: FAU-01, FAU-02, FAU-03, FCL-01, FRW-01.
 * @module
 */
import { dmaEnv, type DmaEnv } from '../../../dma-env.js';
import { GCMD_SRTP } from '../../../machine/index.js';
import type { Reproduction } from '../types.js';
import { sideBySide } from './side.js';

const EVILS = ['00:1f.7', '00:1e.0', '00:1d.0', '00:1c.0'];
const ff = (n: number): Uint8Array => new Uint8Array(n).fill(0xff);
const handled = (env: DmaEnv): number[] => env.remapping!.units[0]!.fault.handled.map((h) => h.index);
const ring = (bugs: string[]): DmaEnv => dmaEnv({ bugs, units: [{ scope: 'all', faultRecords: 4 }], devices: EVILS.map((at) => ({ at, kind: 'malicious' as const })) });
function burst(env: DmaEnv, n: number): void {
  for (let i = 0; i < n; i++) env.device(EVILS[i]!).dmaWrite(0x2000, ff(1));
  env.deliverInterrupts();
}

const fau01: Reproduction = sideBySide('FAU-01', 'a fault between FECTL = 0 and on_active (translation left on by firmware)', (bugs) => {
  const env = dmaEnv({ bugs, init: false, onFaultStep: (_u, s, e) => { if (s === 'unmasked') e.dmaWrite('00:1f.7', 0x1000, ff(4)); } });
  const unit = env.platform!.units[0]!;
  unit.mmioWrite(0x20, 8, BigInt(env.kernel.frames.allocSingle()!.startPaddr()));
  unit.mmioWrite(0x18, 4, BigInt(GCMD_SRTP));
  unit.mmioWrite(0x18, 4, 0x8000_0000n);
  env.initIommu();
  return { lostInterrupts: env.irqs.stats.lost, handled: handled(env).length, pendingRecords: unit.faults.pending };
}, (a, f) => a.lostInterrupts === 1 && f.handled === 1, (a, f) => `the fault's interrupt: audited lost ${a.lostInterrupts} (record pending ${a.pendingRecords}), fixed handled ${f.handled}`);

const fau02: Reproduction = sideBySide('FAU-02', '5 faults from 00:1f.7 at different pages', (bugs) => {
  const env = ring(bugs);
  for (let i = 0; i < 5; i++) env.dmaWrite(EVILS[0]!, 0x10_0000 + i * 4096, ff(1));
  const s = env.platform!.units[0]!.faults.stats;
  return { interrupts: s.interrupts, handled: handled(env).length, collapsed: s.collapsed };
}, (a, f) => a.interrupts === 1 && f.interrupts === 5, (a, f) => `interrupts for 5 faults: audited ${a.interrupts} (F never cleared: PPF stays, ${a.collapsed} collapsed; a spec-exact unit does not storm), fixed ${f.interrupts}`);

const fau03: Reproduction = sideBySide('FAU-03', '3 faults from 3 devices pending at one interrupt, then a fourth', (bugs) => {
  const env = ring(bugs);
  burst(env, 3);
  env.dmaWrite(EVILS[3]!, 0x3000, ff(1));
  return { handled: handled(env).length, pending: env.platform!.units[0]!.faults.pending };
}, (a, f) => a.handled === 1 && f.handled === 4, (a, f) => `records handled: audited ${a.handled} (${a.pending} left pending, the unit silent), fixed ${f.handled}`);

const fcl01: Reproduction = sideBySide('FCL-01', 'two faults from two devices, handled as upstream clears F (writing 0)', (bugs) => {
  const env = ring(bugs);
  env.dmaWrite(EVILS[0]!, 0x1000, ff(1));
  env.dmaWrite(EVILS[1]!, 0x1000, ff(1));
  const u = env.platform!.units[0]!.faults;
  return { interrupts: u.stats.interrupts, pending: u.pending };
}, (a, f) => a.pending === 2 && f.pending === 0, (a, f) => `records still pending: audited ${a.pending} (writing 0 clears no RW1C bit; ${a.interrupts} interrupt), fixed ${f.pending}`);

const frw01: Reproduction = sideBySide('FRW-01', 'two bursts of 3 faults on a 4-record ring (the second wraps: records 3, 0, 1)', (bugs) => {
  const env = ring(bugs);
  burst(env, 3);
  burst(env, 3);
  return { handled: handled(env), pending: env.platform!.units[0]!.faults.pending };
}, (a, f) => a.pending === 2 && f.pending === 0, (a, f) => `after the wrap: audited handled ${String(a.handled)} (${a.pending} left), fixed ${String(f.handled)}`);

/** The fault-handling reproductions. */
export const FG5_FAULT_REPRODUCTIONS: readonly Reproduction[] = [fau01, fau02, fau03, fcl01, frw01];
