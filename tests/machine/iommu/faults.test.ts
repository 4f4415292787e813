import { describe, expect, it } from 'vitest';
import {
  REG_FSTS, REG_FECTL, FSTS_PFO, FSTS_PPF, FECTL_IM, FECTL_IP, FaultReason, isQualifiedFault,
} from '../../../kernel-sim/machine/index.js';
import { rig, attach, sid, type Rig } from './vtd-setup.js';

const FRO = 0x220;
const F_BIT = 0x80000000;

/** A rig with `records` fault records, translation on and 8 devices 00:0d.0 ... attached to empty tables. */
function faulting(records: number): Rig {
  const r = rig({ units: [{ scope: 'all', faultRecords: records }] });
  for (let d = 0; d < 8; d++) attach(r, 0, d, 0);
  r.enable();
  return r;
}

const fault = (r: Rig, dev: number, addr = 0x1000, write = false) => r.unit.paddrOf(sid(0, dev, 0), addr, write);
const fri = (r: Rig) => (r.r32(REG_FSTS) >>> 8) & 0xff;

describe('fault recording', () => {
  it('writes a record with FI, SID, FR, T and F; PPF follows F', () => {
    const r = faulting(4);
    expect(fault(r, 3, 0x7123, false)).toBe(-FaultReason.ReadDenied);
    const w = [0, 4, 8, 12].map((o) => r.r32(FRO + o));
    expect(w[0]).toBe(0x7000);
    expect(w[2]! & 0xffff).toBe(sid(0, 3, 0));
    expect(w[3]! & 0xff).toBe(6);
    expect((w[3]! >>> 30) & 1).toBe(1); // T = read
    expect(w[3]! >>> 31).toBe(1);
    expect(r.r32(REG_FSTS) & FSTS_PPF).toBe(FSTS_PPF);
    fault(r, 4, 0x2000, true);
    expect(r.unit.faults.record(1)).toMatchObject({ fault: true, reason: 5, read: false, sourceId: sid(0, 4, 0) });
  });

  it('F is RW1C: writing 0 leaves it, writing 1 clears it; other fields ignore writes', () => {
    const r = faulting(2);
    fault(r, 1);
    r.w32(FRO + 12, 0); // what Asterinas's clear_fault writes (bit 127 = 0)
    r.w64(FRO, 0n);
    expect(r.unit.faults.record(0).fault).toBe(true);
    expect(r.unit.faults.record(0).address).toBe(0x1000);
    expect(r.r32(REG_FSTS) & FSTS_PPF).toBe(FSTS_PPF);
    r.w32(FRO + 12, F_BIT);
    expect(r.unit.faults.record(0).fault).toBe(false);
    expect(r.r32(REG_FSTS) & FSTS_PPF).toBe(0);
    // A 64-bit write of the upper half with bit 63 set clears too.
    fault(r, 2);
    r.w64(FRO + 16 + 8, 1n << 63n);
    expect(r.unit.faults.record(1).fault).toBe(false);
  });

  it('FRI points at the first pending record, set only when PPF was clear', () => {
    const r = faulting(4);
    fault(r, 0);
    fault(r, 1);
    expect(fri(r)).toBe(0);
    r.w32(FRO + 12, F_BIT);
    r.w32(FRO + 16 + 12, F_BIT);
    fault(r, 2);
    expect(fri(r)).toBe(2);
    expect(r.unit.faults.nextIndex).toBe(3);
  });

  it('collapses a fault from a source with a pending record', () => {
    const r = faulting(4);
    fault(r, 5, 0x1000);
    fault(r, 5, 0x9000, true);
    expect(r.unit.faults.stats).toMatchObject({ recorded: 1, collapsed: 1 });
    expect(r.unit.faults.record(1).fault).toBe(false);
    r.w32(FRO + 12, F_BIT);
    fault(r, 5, 0x9000);
    expect(r.unit.faults.stats.recorded).toBe(2);
  });

  it('wraps the ring; a full ring sets PFO and drops the fault, later faults are dropped until PFO is cleared', () => {
    const r = faulting(3);
    fault(r, 0); fault(r, 1); fault(r, 2);
    expect(r.r32(REG_FSTS) & FSTS_PFO).toBe(0);
    fault(r, 3);
    expect(r.r32(REG_FSTS) & FSTS_PFO).toBe(FSTS_PFO);
    expect(r.unit.faults.stats.overflowed).toBe(1);
    r.w32(FRO + 12, F_BIT); // record 0 free again, but PFO still set
    fault(r, 4);
    expect(r.unit.faults.stats.droppedPfo).toBe(1);
    expect(r.unit.faults.record(0).fault).toBe(false);
    r.w32(REG_FSTS, 0); // writing 0 does not clear PFO
    expect(r.r32(REG_FSTS) & FSTS_PFO).toBe(FSTS_PFO);
    r.w32(REG_FSTS, FSTS_PFO);
    expect(r.r32(REG_FSTS) & FSTS_PFO).toBe(0);
    fault(r, 6);
    expect(r.unit.faults.record(0)).toMatchObject({ fault: true, sourceId: sid(0, 6, 0) }); // wrapped to 0
  });

  it('sends the MSI only for a new interrupt condition with IM clear', () => {
    const r = faulting(4);
    r.unmask(0x41);
    fault(r, 0);
    expect(r.msi.messages).toEqual([{ address: 0xfee00000, data: 0x41 }]);
    fault(r, 1); // PPF already set: no new condition
    expect(r.msi.messages.length).toBe(1);
    r.w32(FRO + 12, F_BIT);
    fault(r, 2); // PPF still set by record 1
    expect(r.msi.messages.length).toBe(1);
    r.w32(FRO + 16 + 12, F_BIT);
    r.w32(FRO + 32 + 12, F_BIT);
    fault(r, 3); // all serviced: a new condition
    expect(r.msi.messages.length).toBe(2);
    expect(r.unit.faults.stats.interrupts).toBe(2);
  });

  it('IM holds the event pending in IP; clearing IM sends it; IP clears when all status is serviced', () => {
    const r = faulting(2);
    expect(r.r32(REG_FECTL)).toBe(FECTL_IM); // reset value
    fault(r, 0);
    expect(r.msi.messages.length).toBe(0);
    expect(r.r32(REG_FECTL) & FECTL_IP).toBe(FECTL_IP);
    r.w32(REG_FECTL, 0);
    expect(r.msi.messages.length).toBe(1);
    expect(r.r32(REG_FECTL) & FECTL_IP).toBe(0);
    // Masked again: a pending event, then software services the record: IP clears, nothing is sent.
    r.w32(FRO + 12, F_BIT);
    r.w32(REG_FECTL, FECTL_IM);
    fault(r, 1);
    expect(r.r32(REG_FECTL) & FECTL_IP).toBe(FECTL_IP);
    r.w32(FRO + 16 + 12, F_BIT);
    expect(r.r32(REG_FECTL) & FECTL_IP).toBe(0);
    r.w32(REG_FECTL, 0);
    expect(r.msi.messages.length).toBe(1);
  });

  it('an overflow is a fault event when nothing else was pending', () => {
    const r = faulting(1);
    r.unmask();
    fault(r, 0);
    expect(r.msi.messages.length).toBe(1);
    fault(r, 1); // ring full, PPF set: PFO set but no new condition
    expect(r.r32(REG_FSTS) & FSTS_PFO).toBe(FSTS_PFO);
    expect(r.msi.messages.length).toBe(1);
  });

  it('FPD suppresses qualified faults only', () => {
    const r = rig();
    attach(r, 0, 1, 0, { fpd: true });
    // Context entry P=0 but FPD=1 (FPD counts also in a non-present entry).
    r.tables.setContext(0, 2 << 3, { present: false, faultProcessingDisable: true, secondLevelTable: 0 });
    r.enable();
    expect(r.unit.paddrOf(sid(0, 1, 0), 0x1000, true)).toBe(-5);
    expect(r.unit.paddrOf(sid(0, 2, 0), 0x1000, true)).toBe(-2);
    expect(r.unit.faults.stats).toMatchObject({ recorded: 0, suppressedFpd: 2 });
    // Bus 5 has no root entry: reason 1, never qualified, recorded.
    expect(r.unit.paddrOf(sid(5, 0, 0), 0x1000, true)).toBe(-1);
    expect(r.unit.faults.stats.recorded).toBe(1);
    expect([1, 8, 9, 0xa, 0xb].some(isQualifiedFault)).toBe(false);
    expect([2, 3, 4, 5, 6, 7, 0xc, 0xd].every(isQualifiedFault)).toBe(true);
  });

  it('reports every timeline event to onFault', () => {
    const r = faulting(1);
    const seen: string[] = [];
    r.unit.faults.onFault = (e) => seen.push(`${e.outcome}:${e.reason}`);
    fault(r, 0); fault(r, 0); fault(r, 1); fault(r, 2);
    expect(seen).toEqual(['recorded:6', 'collapsed:6', 'overflow:6', 'dropped-pfo:6']);
  });
});
