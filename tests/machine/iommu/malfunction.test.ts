import { describe, expect, it } from 'vitest';
import { GCMD_TE, GCMD_SRTP, REG_GSTS, REG_RTADDR, REG_CCMD, CCMD_GLOBAL_INVALIDATE, RegisterWriteError } from '../../../kernel-sim/machine/index.js';
import { rig, attach, sid } from './vtd-setup.js';

describe('malfunction knobs', () => {
  it('a stuck status bit never sets and its command never takes effect', () => {
    const r = rig({ units: [{ scope: 'all', malfunction: { stuckStatusBits: GCMD_TE } }] });
    attach(r, 0, 1, 0);
    r.enable();
    let polls = 0;
    while ((r.r32(REG_GSTS) & GCMD_TE) === 0 && polls < 10_000) polls++;
    expect(polls).toBe(10_000);
    expect(r.r32(REG_GSTS) & GCMD_SRTP).toBe(GCMD_SRTP);
    expect(r.unit.paddrOf(sid(0, 1, 0), 0x1000, true)).toBe(0x1000); // still passing through
    r.command(GCMD_TE); // the same command again: nothing new
    expect(() => r.command(GCMD_TE, false)).toThrow(/in progress/); // another one while TE is still in progress
    expect(RegisterWriteError).toBeDefined();
  });

  it('a delayed status bit follows its command after the delay on the unit clock', () => {
    const delay = 30_000;
    const r = rig({ units: [{ scope: 'all', malfunction: { statusDelayCycles: delay } }] });
    attach(r, 0, 1, 0);
    r.w64(REG_RTADDR, BigInt(r.tables.root));
    const events: string[] = [];
    r.unit.onCommand = (e) => events.push(`${e.command}:${e.phase}@${e.cycle}`);
    r.command(GCMD_SRTP);
    let polls = 0;
    while ((r.r32(REG_GSTS) & GCMD_SRTP) === 0) polls++;
    // 300 cycles per register access (the default clock): the status follows after delay / 300 accesses.
    expect(polls).toBeGreaterThanOrEqual(delay / 300 - 3);
    expect(polls).toBeLessThanOrEqual(delay / 300 + 1);
    expect(events[0]).toMatch(/^SRTP:issued@/);
    expect(events[1]).toMatch(/^SRTP:completed@/);
    // CCMD.ICC stays set until the delay has passed.
    r.w64(REG_CCMD, CCMD_GLOBAL_INVALIDATE);
    expect(r.r64(REG_CCMD) >> 63n).toBe(1n);
    r.unit.tick(delay);
    expect(r.r64(REG_CCMD) >> 63n).toBe(0n);
  });
});
