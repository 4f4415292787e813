import { describe, expect, it } from 'vitest';
import { bootKernel } from '../../kernel-sim/kernel/index.js';
import { InvariantViolation } from '../../kernel-sim/mm/page/index.js';

describe('checking mode runs Target 1 during boot', () => {
  it("audited MEM-01 on the audit's PoC stops the boot with a Target 1 violation; without checking mode it does not check", () => {
    const e = (() => { try { bootKernel('datasets/audit/mem-01-poc.json', { bugs: ['MEM-01'], check: true }); } catch (err) { return err; } return null; })();
    expect(e).toBeInstanceOf(InvariantViolation);
    expect((e as InvariantViolation).target).toBe(1);
    expect((e as InvariantViolation).message).toMatch(/handed to the allocator twice/);
    expect(() => bootKernel('datasets/audit/mem-01-poc.json', { bugs: ['MEM-01'] })).not.toThrow(InvariantViolation);
  });

  it('a real capture boots in checking mode and the boot log says Target 1 holds', () => {
    const k = bootKernel('datasets/mbi/q35-128M.mbi', { check: true });
    expect(k.bootLog.find((l) => l.fn === 'boot::init()')!.did).toContain('Target 1 holds');
  });
});
