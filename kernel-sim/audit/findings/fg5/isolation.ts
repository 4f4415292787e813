/** MOI-02 (one shared device table), REM-01 (two DRHDs), REM-02 (a status bit that never sets), SLP-01, FPD-01. @module */
import { dmaEnv } from '../../../kernel/index.js';
import { GCMD_SRTP } from '../../../machine/index.js';
import { DmaCoherent } from '../../../mm/dma/index.js';
import { IommuTimeoutError, pciLocation, RemappingHangError } from '../../../mm/iommu/index.js';
import { EVIL, faultsHandled, ff, pairReproduction } from './common.js';

/** MOI-02's reproduction. */
export const moi02 = pairReproduction(
  'MOI-02',
  "the block device 00:03.0's coherent buffer holds 'SEC'; the malicious device reads it at its device address",
  (bugs) => {
    const env = dmaEnv({ bugs });
    const buf = DmaCoherent.map(env.dma, env.kernel.frames.allocContiguous(1)!, false, pciLocation(0, 3, 0));
    buf.writeBytes(0, new Uint8Array([0x53, 0x45, 0x43]));
    const r = env.dmaRead(EVIL, buf.daddr(), 3);
    return { readOk: r.ok, bytes: r.ok ? [...r.data!] : [], faultReason: r.reason ?? 0 };
  },
  (a, f) => a.readOk === true && f.readOk === false,
  (a, f) => `another device's buffer: audited read ${a.readOk ? 'succeeded' : 'blocked'}, fixed ${f.readOk ? 'succeeded' : `blocked (reason ${f.faultReason})`}`,
);

/** REM-01's reproduction. */
export const rem01 = pairReproduction(
  'REM-01',
  'two DRHDs (00:03.0 behind the first, everything else behind the second); 00:03.0 writes the kernel page table root',
  (bugs) => {
    const env = dmaEnv({ bugs, units: [{ scope: ['00:03.0'] }, { scope: 'all' }] });
    const r = env.dmaWrite('00:03.0', env.ks.pageTable.rootPaddr(), ff(8));
    return { translationEnabled: env.platform!.units.map((u) => (u.translationEnabled ? 1 : 0)), writeLanded: r.ok, unitsProgrammed: env.remapping!.units.length };
  },
  (a, f) => a.writeLanded === true && f.writeLanded === false,
  (a, f) => `units programmed: audited ${a.unitsProgrammed} (the write lands), fixed ${f.unitsProgrammed} (blocked)`,
);

/** REM-02's reproduction. */
export const rem02 = pairReproduction(
  'REM-02',
  "a unit whose GSTS.RTPS never sets after SRTP",
  (bugs) => {
    try {
      dmaEnv({ bugs, units: [{ scope: 'all', malfunction: { stuckStatusBits: GCMD_SRTP } }] });
      return { init: 'completed', polls: null };
    } catch (e) {
      if (e instanceof RemappingHangError) return { init: 'hang (unbounded wait)', polls: null };
      if (e instanceof IommuTimeoutError) return { init: 'typed timeout', polls: e.polls };
      throw e;
    }
  },
  (a, f) => String(a.init).startsWith('hang') && f.init === 'typed timeout',
  (a, f) => `a stuck status bit: audited ${a.init}, fixed ${f.init} after ${f.polls} polls`,
);

/** SLP-01's reproduction. */
export const slp01 = pairReproduction(
  'SLP-01',
  "00:03.0 writes 4 bytes into its own mapped coherent buffer",
  (bugs) => {
    const env = dmaEnv({ bugs });
    const buf = DmaCoherent.map(env.dma, env.kernel.frames.allocContiguous(1)!, true, pciLocation(0, 3, 0));
    const r = env.dmaWrite('00:03.0', buf.daddr(), ff(4));
    return { writeOk: r.ok, faultReason: r.reason ?? 0 };
  },
  (a, f) => a.writeOk === false && f.writeOk === true,
  (a, f) => `a mapped DMA write: audited ${a.writeOk ? 'ok' : `denied (reason ${a.faultReason})`}, fixed ${f.writeOk ? 'ok' : 'denied'}`,
);

/** FPD-01's reproduction. */
export const fpd01 = pairReproduction(
  'FPD-01',
  '00:03.0 (table made by get_or_create_page_table) writes an unmapped device address',
  (bugs) => {
    const env = dmaEnv({ bugs });
    DmaCoherent.map(env.dma, env.kernel.frames.allocContiguous(1)!, true, pciLocation(0, 3, 0));
    env.dmaWrite('00:03.0', 0x7000_0000, ff(4));
    const s = env.platform!.units[0]!.faults.stats;
    return { suppressed: s.suppressedFpd, recorded: s.recorded, faultsHandled: faultsHandled(env) };
  },
  (a, f) => a.suppressed === 1 && f.recorded === 1,
  (a, f) => `the fault: audited ${a.suppressed} suppressed (FPD), fixed ${f.recorded} recorded and ${f.faultsHandled} handled`,
);
