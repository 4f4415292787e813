/**
 * FG5 reproductions of remapping and DMA: MOI-03, REM-01, REM-02, DME-01; MOI-01 and MOI-04 by
 * their scenarios.
 * @module
 */
import { dmaEnv } from '../../../dma-env.js';
import { GCMD_SRTP, type MaliciousDevice } from '../../../machine/index.js';
import { DmaStream, dmaReceive } from '../../../mm/dma/index.js';
import { pciLocation } from '../../../mm/iommu/index.js';
import { scenarioReproduction } from '../scenario-reproduction.js';
import type { Reproduction } from '../types.js';
import { sideBySide } from './side.js';

const moi03: Reproduction = sideBySide('MOI-03', 'during iommu::init, 00:1f.7 writes a root entry and 8 bytes of the kernel page table', (bugs) => {
  let landed = 0;
  const env = dmaEnv({
    bugs,
    onInitStep: (step, e, root) => {
      if (step !== 'root-table-created' || root === null) return;
      const evil = e.device<MaliciousDevice>('00:1f.7');
      if (evil.attackWrite(root.paddr(), new Uint8Array([1, 0x10, 0, 0, 0, 0, 0, 0])).ok) landed++;
      if (evil.attackWrite(e.ks.pageTable.rootPaddr() + 2400, new Uint8Array(8).fill(0xff)).ok) landed++;
      e.deliverInterrupts();
    },
  });
  return { landed, faultsHandled: env.remapping!.units[0]!.fault.handled.length };
}, (a, f) => a.landed === 2 && f.landed === 0, (a, f) => `writes landed: audited ${a.landed} (pass-through until TE), fixed ${f.landed} (blocked, ${f.faultsHandled} fault handled)`);

const rem01: Reproduction = sideBySide('REM-01', 'two DRHDs (00:03.0, then INCLUDE_PCI_ALL); 00:03.0 writes the kernel page table', (bugs) => {
  const env = dmaEnv({ bugs, units: [{ scope: ['00:03.0'] }, { scope: 'all' }] });
  const r = env.dmaWrite('00:03.0', env.ks.pageTable.rootPaddr(), new Uint8Array(8).fill(0xff));
  return { unitsEnabled: env.platform!.units.map((u) => (u.translationEnabled ? 1 : 0)), landed: r.ok };
}, (a, f) => a.landed === true && f.landed === false, (a, f) => `units with translation on: audited ${String(a.unitsEnabled)} (the write lands), fixed ${String(f.unitsEnabled)}`);

const rem02: Reproduction = sideBySide('REM-02', 'a unit whose GSTS.RTPS never sets (malfunction knob)', (bugs) => {
  dmaEnv({ bugs, units: [{ scope: 'all', malfunction: { stuckStatusBits: GCMD_SRTP } }] });
  return { result: 'initialised' };
}, (a, f) => a.error === 'RemappingHangError' && f.error === 'IommuTimeoutError', (a, f) => `audited ${a.error} (an unbounded spin, stopped by the model), fixed ${f.error}`);

const dme01: Reproduction = sideBySide('DME-01', 'a 4 KiB FromDevice transfer into a buffer the CPU cleared (64 dirty lines)', (bugs) => {
  const env = dmaEnv({ bugs });
  const s = DmaStream.map(env.dma, env.kernel.frames.allocContiguous(1)!, 'Bidirectional', false, pciLocation(0, 3, 0));
  s.writeBytes(0, new Uint8Array(4096));
  const data = new Uint8Array(4096).map((_, i) => (i * 7 + 1) & 0xff);
  const got = dmaReceive(s, () => { env.dmaWrite('00:03.0', s.daddr(), data); });
  return { corruptedBytes: got.reduce((n, b, i) => n + (b === data[i] ? 0 : 1), 0) };
}, (a, f) => (a.corruptedBytes as number) > 0 && f.corruptedBytes === 0, (a, f) => `bytes the CPU reads wrong: audited ${a.corruptedBytes} (sync after the device wrote), fixed ${f.corruptedBytes}`);

/** The remapping, DMA and scenario reproductions. */
export const FG5_REMAPPING_REPRODUCTIONS: readonly Reproduction[] = [
  moi03, rem01, rem02, dme01, scenarioReproduction('MOI-01', 'moi-01'), scenarioReproduction('MOI-04', 'moi-04'),
];
