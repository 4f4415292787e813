import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeSchedule, encodeSchedule, replay, ScheduleFormatError, ScheduleMismatchError,
} from '../../kernel-sim/sync/index.js';
import { abba, irqSelf, lockedIncrement, lostUpdate } from './scenarios.js';

describe('schedule strings', () => {
  it('run-length encode CPU and interrupt choices', () => {
    expect(encodeSchedule('s', [0, 0, 1, 1, 1, ~0, 0])).toBe('ks1:s:0x2,1x3,i0,0');
    expect(decodeSchedule('ks1:s:0x2,1x3,i0,0').choices).toEqual([0, 0, 1, 1, 1, ~0, 0]);
    expect(encodeSchedule('a:b', [])).toBe('ks1:a:b:');
    expect(decodeSchedule('ks1:a:b:')).toEqual({ version: 'ks1', scenario: 'a:b', choices: [] });
  });

  it('round-trip any choice sequence', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -8, max: 7 }), { maxLength: 200 }), fc.stringMatching(/^[a-z0-9-]{1,12}$/), (choices, name) => {
        const d = decodeSchedule(encodeSchedule(name, choices));
        expect(d.choices).toEqual(choices);
        expect(d.scenario).toBe(name);
      }),
    );
  });

  it.each([
    ['', 0, /expected 'ks1:<scenario>:<choices>'/],
    ['ks1:lost-update', 3, /expected/],
    ['ks2:lost-update:0', 0, /unknown version 'ks2'/],
    ['ks1::0', 4, /empty scenario name/],
    ['ks1:s:0,,1', 8, /empty choice/],
    ['ks1:s:0,', 8, /empty choice/],
    ['ks1:s:0,1y2', 8, /'1y2' is not a choice/],
    ['ks1:s:0x0', 6, /'0x0' is not a choice/],
    ['ks1:s:-1', 6, /not a choice/],
    ['ks1:s:01', 6, /not a choice/],
    ['ks1:s:0x999999999', 6, /more than/],
  ])('malformed %j: typed error at offset %i', (input, offset, why) => {
    let err: unknown;
    try {
      decodeSchedule(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScheduleFormatError);
    expect((err as ScheduleFormatError).offset).toBe(offset);
    expect((err as Error).message).toMatch(why);
  });

  it('never throws anything but a ScheduleFormatError on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        try {
          decodeSchedule(s);
        } catch (e) {
          expect(e).toBeInstanceOf(ScheduleFormatError);
        }
      }),
    );
  });
});

function mismatch(fn: () => unknown): ScheduleMismatchError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ScheduleMismatchError);
    return e as ScheduleMismatchError;
  }
  throw new Error('expected a ScheduleMismatchError');
}

describe('replaying a schedule that does not fit', () => {
  it('another scenario', () => {
    const e = mismatch(() => replay(lostUpdate, 'ks1:abba:0'));
    expect(e.reason).toBe('scenario');
    expect(e.message).toContain("recorded for scenario 'abba'");
  });

  it('a CPU that does not exist', () => {
    const e = mismatch(() => replay(lostUpdate, 'ks1:lost-update:0,5'));
    expect(e).toMatchObject({ step: 1, reason: 'not-enabled' });
    expect(e.detail).toBe("choice '5' cannot be made: there is no CPU 5 (the scenario has 2)");
  });

  it('a thread that has finished', () => {
    const e = mismatch(() => replay(lostUpdate, 'ks1:lost-update:0x4'));
    expect(e).toMatchObject({ step: 3, reason: 'not-enabled' });
    expect(e.detail).toContain("'inc0' on CPU 0 has finished");
  });

  it('a thread blocked on a lock', () => {
    const e = mismatch(() => replay(abba, 'ks1:abba:0x2,1x2,0', { lockOrder: false }));
    // After 0x2,1x2 the run is already deadlocked: the schedule is too long.
    expect(e.reason).toBe('too-long');
    const e2 = mismatch(() => replay(abba, 'ks1:abba:0x2,1,1,1', { lockOrder: false }));
    expect(e2).toMatchObject({ step: 4, reason: 'too-long' });
    const e3 = mismatch(() => replay(lockedIncrement, 'ks1:locked-increment:0x2,1,1'));
    expect(e3).toMatchObject({ step: 3, reason: 'not-enabled' });
    expect(e3.detail).toBe("choice '1' cannot be made: 'inc1' on CPU 1 spins on lock 'counter-lock' held by 'inc0'");
  });

  it('an interrupt that is not pending, or while interrupts are disabled', () => {
    expect(mismatch(() => replay(lostUpdate, 'ks1:lost-update:i0')).detail).toContain('no interrupt is pending on CPU 0');
    const e = mismatch(() => replay(irqSelf(true), 'ks1:irq-self-fixed:0x2,i0'));
    expect(e).toMatchObject({ step: 2, reason: 'not-enabled' });
    expect(e.detail).toContain('interrupts are disabled on CPU 0');
  });

  it('too short: the schedule ends while the run can continue', () => {
    const e = mismatch(() => replay(lostUpdate, 'ks1:lost-update:0x2'));
    expect(e).toMatchObject({ step: 2, reason: 'too-short' });
    expect(e.detail).toContain('(enabled: 0, 1)');
  });

  it('too long: the run ends before the schedule', () => {
    const e = mismatch(() => replay(lostUpdate, 'ks1:lost-update:0x3,1x5'));
    expect(e).toMatchObject({ step: 6, reason: 'too-long' });
    expect(e.detail).toBe('the run ended at step 6 with every thread finished, but the schedule has 2 more steps');
    expect(replay(lostUpdate, 'ks1:lost-update:0x3,1x3').ok).toBe(true);
  });
});
