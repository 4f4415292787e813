/** MOI-03: DMA during `iommu::init` (the unit in pass-through until the end of init). @module */
import { dmaEnv, type DmaEnv } from '../../../kernel/index.js';
import type { MaliciousDevice } from '../../../machine/index.js';
import { EVIL, faultsHandled, ff, pairReproduction } from './common.js';

/** MOI-03's reproduction. */
export const moi03 = pairReproduction(
  'MOI-03',
  'a malicious device writes a forged root entry and 8 bytes over the kernel page table while iommu::init builds the root table',
  (bugs) => {
    let landed = 0;
    let rootBytes = 0n;
    const env: DmaEnv = dmaEnv({
      bugs,
      onInitStep: (step, e, root) => {
        if (step !== 'root-table-created' || root === null) return;
        const evil = e.device<MaliciousDevice>(EVIL);
        if (evil.attackWrite(root.paddr(), new Uint8Array([0x01, 0x10, 0, 0, 0, 0, 0, 0]), 'root entry').ok) landed++;
        if (evil.attackWrite(e.ks.pageTable.rootPaddr() + 8 * 300, ff(8), 'kernel page table').ok) landed++;
        rootBytes = e.kernel.machine.memory.readU64(root.paddr());
        e.deliverInterrupts();
      },
    });
    return { writesLanded: landed, rootEntry: `0x${rootBytes.toString(16)}`, faultsRecorded: env.platform!.units[0]!.faults.stats.recorded, faultsHandled: faultsHandled(env) };
  },
  (a, f) => a.writesLanded === 2 && f.writesLanded === 0,
  (a, f) => `attack writes during init: audited ${a.writesLanded} of 2 landed, fixed ${f.writesLanded} (${f.faultsRecorded} fault recorded)`,
);
