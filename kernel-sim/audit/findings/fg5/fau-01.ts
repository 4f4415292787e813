/** FAU-01: a fault between unmasking the fault event and registering its handler. @module */
import { dmaEnv } from '../../../kernel/index.js';
import { GCMD_SRTP } from '../../../machine/index.js';
import { EVIL, faultsHandled, ff, pairReproduction } from './common.js';

/** FAU-01's reproduction. */
export const fau01 = pairReproduction(
  'FAU-01',
  'firmware left translation on with an empty root table; the malicious device faults right after the fault event is unmasked',
  (bugs) => {
    const env = dmaEnv({
      bugs,
      init: false,
      onFaultStep: (_u, step, e) => {
        if (step === 'unmasked') e.dmaWrite(EVIL, 0x1000, ff(4));
      },
    });
    const unit = env.platform!.units[0]!;
    const empty = env.kernel.frames.allocSingle()!;
    unit.mmioWrite(0x20, 8, BigInt(empty.startPaddr()));
    unit.mmioWrite(0x18, 4, BigInt(GCMD_SRTP));
    unit.mmioWrite(0x18, 4, 0x8000_0000n);
    env.initIommu();
    return { interruptsLost: env.irqs.stats.lost, faultsHandled: faultsHandled(env), pendingAfter: unit.faults.pending };
  },
  (a, f) => a.interruptsLost === 1 && f.faultsHandled === 1 && f.pendingAfter === 0,
  (a, f) => `the early fault: audited ${a.interruptsLost} interrupt lost, ${a.pendingAfter} record left pending; fixed ${f.faultsHandled} handled`,
);
