import { describe, expect, it } from 'vitest';
import { traceDeviceWalk } from '../../../kernel-sim/machine/index.js';
import { rig, attach, sid } from './vtd-setup.js';

describe('traceDeviceWalk', () => {
  it('shows root, context and three second-level entries, then the page', () => {
    const r = rig();
    const t = attach(r, 0, 3, 0, { did: 5 });
    r.tables.map(t, 0x1000, 0x300000, { read: true });
    expect(traceDeviceWalk(r.unit, sid(0, 3, 0), 0x1000).outcome).toBe('pass-through (TE clear)');
    r.enable();
    const w = traceDeviceWalk(r.unit, sid(0, 3, 0), 0x1234);
    expect(w.steps.map((s) => s.stage)).toEqual(['root', 'context', 'SL3', 'SL2', 'SL1']);
    expect(w.steps[1]!.fields).toEqual(['P', 'TT=0', 'AW=1', 'DID=5']);
    expect(w.steps[4]).toMatchObject({ index: 1, fields: ['R'], next: 'page 0x300000' });
    expect(w).toMatchObject({ outcome: 'translated', paddr: '0x300234', pageSize: 4096 });
    const wr = traceDeviceWalk(r.unit, sid(0, 3, 0), 0x1234, true);
    expect(wr.fault).toEqual({ reason: 5, description: 'PTE Write access is not set' });
    expect(r.unit.faults.stats.recorded).toBe(0); // tracing records nothing
  });
});
