/**
 * Random DMA machines brought up from scratch, one `iommu::init` per operation (as the boot
 * workload boots one memory map per operation): one to three VT-d units with the devices spread
 * over their DMAR scopes (the last one INCLUDE_PCI_ALL), one to four fault records each, and at
 * random: firmware that left translation on with an empty root table, a unit whose GSTS.RTPS
 * never follows SRTP, a malicious device's DMA at a step of `iommu::init` or right after a
 * unit's fault event is unmasked. Checking mode is on.
 *
 * The reference model: a unit that never sets RTPS makes `init` fail with a timeout naming it
 * (not spin forever); once `iommu::init` has put the units in blocking mode (before the root
 * table exists) no device reaches memory untranslated; a fault interrupt always finds its
 * handler and no record stays pending once interrupts are delivered; after init every device
 * behind every unit is blocked at a page nobody mapped and reaches its own `DmaCoherent` buffer;
 * Target 14 holds on the whole state.
 * @module
 */
import type { BugSet } from '../../bugs/index.js';
import { dmaEnv, type DmaDeviceSpec, type DmaEnv } from '../../kernel/index.js';
import { GCMD_SRTP, GCMD_TE, type DmaUnitDescription } from '../../machine/index.js';
import { DmaCoherent } from '../../mm/dma/index.js';
import { IommuTimeoutError, pciLocation, type IommuInitStep } from '../../mm/iommu/index.js';
import type { SeededRng } from '../../util/seeded-rng.js';
import { checkTarget14 } from '../targets/target-14-iommu.js';
import { stressRegions, sweepPageState } from './stress-kernel.js';
import { bringUpWorkload, expectClean, expectModel, thrown, type StressWorkload } from './workload.js';

const NAME = 'dma-init';
const DEVICES: readonly DmaDeviceSpec[] = [{ at: '00:03.0', kind: 'plain' }, { at: '01:00.0', kind: 'plain' }, { at: '00:1f.7', kind: 'malicious' }];
const EVIL = '00:1f.7';
/** Steps of `iommu::init` after the units were put in blocking mode (the MOI-03 fix). */
const BLOCKED_STEPS: readonly IommuInitStep[] = ['root-table-created', 'device-tables-specified', 'before-remapping'];

interface Machine {
  readonly units: DmaUnitDescription[];
  /** The unit index behind which each device sits. */
  readonly unitOf: ReadonlyMap<string, number>;
  readonly firmwareTe: boolean;
  readonly stuck: number;
  readonly attackAt: IommuInitStep | null;
}

function randomMachine(rng: SeededRng): Machine {
  const n = 1 + rng.below(3);
  const unitOf = new Map(DEVICES.map((d) => [d.at, rng.below(n)] as const));
  const units: DmaUnitDescription[] = [];
  for (let u = 0; u < n; u++) {
    const scope = u === n - 1 ? 'all' as const : DEVICES.filter((d) => unitOf.get(d.at) === u).map((d) => d.at);
    if (scope !== 'all' && scope.length === 0) continue;
    units.push({ scope, faultRecords: 1 + rng.below(4) });
  }
  // Indices after dropping empty scopes: a device not named by a scope is behind the last unit.
  const named = new Map<string, number>();
  units.forEach((u, i) => { if (u.scope !== 'all') for (const at of u.scope) named.set(at as string, i); });
  const behind = new Map(DEVICES.map((d) => [d.at, named.get(d.at) ?? units.length - 1] as const));
  const stuck = rng.below(8) === 0 ? rng.below(units.length) : -1;
  if (stuck >= 0) units[stuck] = { ...units[stuck]!, malfunction: { stuckStatusBits: GCMD_SRTP } };
  const r = rng.below(5);
  return { units, unitOf: behind, firmwareTe: stuck < 0 && rng.below(3) === 0, stuck, attackAt: r < BLOCKED_STEPS.length ? BLOCKED_STEPS[r]! : null };
}

/** The DMA bring-up workload. */
export const dmaInitWorkload: StressWorkload = bringUpWorkload(
  NAME,
  'iommu::init on random VT-d machines (1-3 units, scopes, fault records, firmware state, a stuck unit, DMA during init)',
  (bugs, rng) => bringUp(bugs, rng),
);

function bringUp(bugs: BugSet, rng: SeededRng): void {
  const m = randomMachine(rng);
  const expect = (ok: boolean, detail: () => string): void => expectModel(NAME, ok, detail);
  const landed: string[] = [];
  let victim = -1;
  const env: DmaEnv = dmaEnv({
    input: stressRegions(8), bugs: [...bugs], check: true, units: m.units, devices: DEVICES, init: false,
    onInitStep: (step, e, root) => {
      if (step !== m.attackAt) return;
      if (e.dmaWrite(EVIL, victim, new Uint8Array(8).fill(0xee)).ok) landed.push(`a write at ${step}`);
      if (root !== null && e.dmaRead(EVIL, root.paddr(), 16).ok) landed.push(`a read of the root table at ${step}`);
    },
    onFaultStep: (unit, step, e) => {
      // With translation left on by firmware, a fault right after the unmask must reach a handler.
      if (m.firmwareTe && step === 'unmasked' && unit === m.unitOf.get(EVIL)) {
        if (e.dmaWrite(EVIL, victim, new Uint8Array(4).fill(0xee)).ok) landed.push(`a write right after unit ${unit}'s fault event was unmasked`);
      }
    },
  });
  victim = env.kernel.frames.allocSingle()!.startPaddr();
  if (m.firmwareTe) {
    const empty = env.kernel.frames.allocSingle()!.startPaddr();
    for (const u of env.platform!.units) {
      u.mmioWrite(0x20, 8, BigInt(empty));
      u.mmioWrite(0x18, 4, BigInt(GCMD_SRTP));
      u.mmioWrite(0x18, 4, BigInt(GCMD_TE));
    }
  }
  const e = thrown(() => env.initIommu());
  if (m.stuck >= 0) {
    expect(e instanceof IommuTimeoutError, () => `iommu::init on a machine whose unit ${m.stuck} never sets RTPS ${e === undefined ? 'completed' : `ended with ${String(e)}`}, not with a timeout naming the unit`);
    return;
  }
  if (e !== undefined) throw e;
  env.deliverInterrupts();
  expect(landed.length === 0, () => `DMA of ${EVIL} landed during iommu::init after the units should block it: ${landed.join('; ')}`);
  const check = (): void => {
    expect(env.irqs.stats.lost === 0, () => `${env.irqs.stats.lost} fault interrupts reached no handler`);
    for (const u of env.platform!.units) expect(u.faults.pending === 0, () => `${u.faults.pending} fault records of ${u.name} still pending after the interrupts were delivered`);
  };
  check();
  for (const d of DEVICES) {
    const r = env.dmaWrite(d.at, victim, new Uint8Array(8).fill(0xee));
    expect(!r.ok && (r.reason ?? 0) > 0, () => `after iommu::init, ${d.at} (behind unit ${m.unitOf.get(d.at)}) ${r.ok ? 'wrote' : 'was stopped by a master abort at'} a page nobody mapped`);
  }
  check();
  const buf = DmaCoherent.map(env.dma, env.kernel.frames.allocContiguous(1)!, false, pciLocation(0, 3, 0));
  const w = env.dmaWrite('00:03.0', buf.daddr(), new Uint8Array(8).fill(0x5a));
  expect(w.ok, () => `00:03.0's DMA write into its own coherent buffer was blocked (reason ${w.reason ?? '?'})`);
  const t14 = checkTarget14(env);
  if (!t14.ok) expectClean('Target 14 sweep', t14.properties.flatMap((p) => p.violations));
  sweepPageState(env.kernel, 'stress dma-init');
}
