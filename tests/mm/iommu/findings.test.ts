/**
 * Every FG5 switch, audited vs fixed, in numbers, on a spec-exact unit (`dmaEnv`).
 */
import { describe, expect, it } from 'vitest';
import { runFinding } from '../../../kernel-sim/audit/findings/index.js';
import { dmaEnv, type DmaEnv } from '../../../kernel-sim/kernel/index.js';
import { GCMD_SRTP, type MaliciousDevice } from '../../../kernel-sim/machine/index.js';
import { DmaCoherent, DmaStream } from '../../../kernel-sim/mm/dma/index.js';
import { iot01Rounds } from '../../../kernel-sim/audit/findings/fg5/iot-01.js';
import { did01Reads } from '../../../kernel-sim/audit/findings/fg5/did-01.js';
import { runDma } from '../../../kernel-sim/workloads/index.js';
import { PageFlags } from '../../../kernel-sim/mm/page-table/index.js';
import { IommuTimeoutError, pciLocation, RemappingHangError } from '../../../kernel-sim/mm/iommu/index.js';

const EVIL = '00:1f.7';
const ff = (n: number): Uint8Array => new Uint8Array(n).fill(0xff);
const faults = (env: DmaEnv): number => env.remapping!.units.reduce((n, u) => n + u.fault.handled.length, 0);

describe('MOI-03: a malicious device writes during iommu::init', () => {
  function attack(bugs: string[]): { landed: number; rootBytes: bigint; kptBytes: bigint; handled: number; recorded: number } {
    let landed = 0;
    let rootBytes = 0n;
    const env0: { e?: DmaEnv } = {};
    const env = dmaEnv({
      bugs,
      onInitStep: (step, e, root) => {
        if (step !== 'root-table-created' || root === null) return;
        env0.e = e;
        const evil = e.device<MaliciousDevice>(EVIL);
        // A forged root entry for bus 0 (P=1, a context table of the attacker's), and 8 bytes
        // over the kernel page table's root (a kernel PageTable frame).
        if (evil.attackWrite(root.paddr(), new Uint8Array([0x01, 0x10, 0, 0, 0, 0, 0, 0]), 'root entry').ok) landed++;
        if (evil.attackWrite(e.ks.pageTable.rootPaddr() + 8 * 300, ff(8), 'kernel page table').ok) landed++;
        rootBytes = e.kernel.machine.memory.readU64(root.paddr());
        e.deliverInterrupts();
      },
    });
    const kptBytes = env.kernel.machine.memory.readU64(env.ks.pageTable.rootPaddr() + 8 * 300);
    return { landed, rootBytes, kptBytes, handled: faults(env), recorded: env.platform!.units[0]!.faults.stats.recorded };
  }

  it('audited: both writes land (a forged root entry, a kernel page-table entry); fixed: blocked, recorded, handled', () => {
    const a = attack(['MOI-03']);
    expect(a).toMatchObject({ landed: 2, rootBytes: 0x1001n, kptBytes: 0xffff_ffff_ffff_ffffn, handled: 0, recorded: 0 });
    const f = attack([]);
    expect(f.landed).toBe(0);
    expect(f.rootBytes).toBe(0n);
    expect(f.kptBytes).not.toBe(0xffff_ffff_ffff_ffffn);
    expect(f.recorded).toBe(1); // both from one source before the interrupt: the second collapses into the record
    expect(f.handled).toBe(1);
  });
});

describe('FAU-01: a fault between unmasking and registering the handler', () => {
  // The observation is the library's reproduction (audit/findings/fg5/fau-01.ts).
  it('audited: the fault event reaches a vector with no handler and is lost, its record stays pending; fixed: handled', () => {
    const o = runFinding('FAU-01').observation!;
    expect(o.audited).toEqual({ interruptsLost: 1, faultsHandled: 0, pendingAfter: 1 });
    expect(o.fixed).toEqual({ interruptsLost: 0, faultsHandled: 1, pendingAfter: 0 });
  });
});

describe('FAU-02 / FAU-03 / FCL-01 / FRW-01: the fault handler on a spec-exact unit', () => {
  const evils = ['00:1f.7', '00:1e.0', '00:1d.0', '00:1c.0'];
  const make = (bugs: string[]): DmaEnv => dmaEnv({ bugs, units: [{ scope: 'all', faultRecords: 4 }], devices: evils.map((at) => ({ at, kind: 'malicious' as const })) });

  it('FAU-02: 5 faults from one device: audited 1 interrupt and 1 record handled, 4 collapsed; fixed 5 and 5', () => {
    const count = (bugs: string[]) => {
      const env = make(bugs);
      for (let i = 0; i < 5; i++) env.dmaWrite(EVIL, 0x10_0000 + i * 4096, ff(1));
      const u = env.platform!.units[0]!.faults.stats;
      return { interrupts: u.interrupts, handled: faults(env), collapsed: u.collapsed, invocations: env.remapping!.units[0]!.fault.invocations };
    };
    expect(count(['FAU-02'])).toEqual({ interrupts: 1, handled: 1, collapsed: 4, invocations: 1 });
    expect(count([])).toEqual({ interrupts: 5, handled: 5, collapsed: 0, invocations: 5 });
  });

  it('FCL-01 (upstream clears by writing 0): F stays set, the second device\'s fault raises no interrupt', () => {
    const run = (bugs: string[]) => {
      const env = make(bugs);
      env.dmaWrite(evils[0]!, 0x1000, ff(1));
      env.dmaWrite(evils[1]!, 0x1000, ff(1));
      const u = env.platform!.units[0]!.faults;
      return { interrupts: u.stats.interrupts, handled: faults(env), pending: u.pending };
    };
    expect(run(['FCL-01'])).toEqual({ interrupts: 1, handled: 1, pending: 2 });
    expect(run([])).toEqual({ interrupts: 2, handled: 2, pending: 0 });
  });

  function burst(env: DmaEnv, n: number): void {
    for (let i = 0; i < n; i++) env.device(evils[i]!).dmaWrite(0x2000, ff(1)); // no delivery in between
    env.deliverInterrupts();
  }

  it('FAU-03: three faults pending at one interrupt: audited one handled, two left (PPF stays, the unit goes silent); fixed all three', () => {
    const run = (bugs: string[]) => {
      const env = make(bugs);
      burst(env, 3);
      const u = env.platform!.units[0]!.faults;
      env.dmaWrite(evils[3]!, 0x3000, ff(1)); // a later fault
      return { handled: faults(env), pending: u.pending, interrupts: u.stats.interrupts };
    };
    expect(run(['FAU-03'])).toEqual({ handled: 1, pending: 3, interrupts: 1 });
    expect(run([])).toEqual({ handled: 4, pending: 0, interrupts: 2 });
  });

  it('FRW-01: after the ring wrapped (records 3, 0, 1), the upstream loop stops at the end and leaves two', () => {
    const run = (bugs: string[]) => {
      const env = make(bugs);
      burst(env, 3); // records 0..2, handled
      burst(env, 3); // records 3, 0, 1: FRI = 3
      const u = env.platform!.units[0]!.faults;
      return { handled: env.remapping!.units[0]!.fault.handled.map((h) => h.index), pending: u.pending };
    };
    expect(run(['FRW-01'])).toEqual({ handled: [0, 1, 2, 3], pending: 2 });
    expect(run([])).toEqual({ handled: [0, 1, 2, 3, 0, 1], pending: 0 });
  });
});

describe('MOI-02: isolation between devices', () => {
  it('audited (one shared table): another device reads the block device\'s buffer; fixed: blocked', () => {
    const run = (bugs: string[]) => {
      const env = dmaEnv({ bugs });
      const buf = DmaCoherent.map(env.dma, env.kernel.frames.allocContiguous(1)!, false, pciLocation(0, 3, 0));
      buf.writeBytes(0, new Uint8Array([0x53, 0x45, 0x43]));
      const r = env.dmaRead(EVIL, buf.daddr(), 3);
      return { ok: r.ok, data: r.ok ? [...r.data!] : [], reason: r.reason ?? 0 };
    };
    expect(run(['MOI-02'])).toEqual({ ok: true, data: [0x53, 0x45, 0x43], reason: 0 });
    expect(run([])).toEqual({ ok: false, data: [], reason: 2 });
  });
});

describe('REM-01: two DRHDs', () => {
  it('audited: only the last DRHD is programmed; the device behind the first writes kernel memory untranslated', () => {
    const run = (bugs: string[]) => {
      const env = dmaEnv({ bugs, units: [{ scope: ['00:03.0'] }, { scope: 'all' }] });
      const target = env.ks.pageTable.rootPaddr();
      const r = env.dmaWrite('00:03.0', target, ff(8));
      return { enabled: env.platform!.units.map((u) => u.translationEnabled), ok: r.ok, programmed: env.remapping!.units.length };
    };
    expect(run(['REM-01'])).toEqual({ enabled: [false, true], ok: true, programmed: 1 });
    expect(run([])).toEqual({ enabled: [true, true], ok: false, programmed: 2 });
  });
});

describe('REM-02: a status bit that never sets', () => {
  it('audited: the unbounded wait is reported as a hang after 1,000,000 polls; fixed: a typed timeout after 10,000', () => {
    const units = [{ scope: 'all' as const, malfunction: { stuckStatusBits: GCMD_SRTP } }];
    expect(() => dmaEnv({ bugs: ['REM-02'], units })).toThrow(RemappingHangError);
    let err: unknown;
    try { dmaEnv({ units }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(IommuTimeoutError);
    expect((err as IommuTimeoutError).polls).toBe(10_000);
    expect((err as IommuTimeoutError).message).toMatch(/GSTS\.RTPS/);
  });

  it('a delay within the timeout completes', () => {
    const env = dmaEnv({ units: [{ scope: 'all', malfunction: { statusDelayCycles: 300_000 } }] });
    expect(env.platform!.units[0]!.translationEnabled).toBe(true);
    expect(env.remapping!.units[0]!.polls).toBeGreaterThan(1000);
  });
});

describe('kernel-sim\'s own FG5 IDs on the spec-exact unit', () => {
  it('FPD-01: a fault of a device whose table get_or_create_page_table made is suppressed (audited) or recorded (fixed)', () => {
    const run = (bugs: string[]) => {
      const env = dmaEnv({ bugs });
      DmaCoherent.map(env.dma, env.kernel.frames.allocContiguous(1)!, true, pciLocation(0, 3, 0));
      env.dmaWrite('00:03.0', 0x7000_0000, ff(4)); // not mapped: reason 5
      const s = env.platform!.units[0]!.faults.stats;
      return { suppressed: s.suppressedFpd, recorded: s.recorded, handled: faults(env) };
    };
    expect(run(['FPD-01'])).toEqual({ suppressed: 1, recorded: 0, handled: 0 });
    expect(run([])).toEqual({ suppressed: 0, recorded: 1, handled: 1 });
  });

  it('SLP-01: with non-leaf entries lacking R/W every translated DMA is denied (reason 5 on write)', () => {
    const run = (bugs: string[]) => {
      const env = dmaEnv({ bugs });
      const buf = DmaCoherent.map(env.dma, env.kernel.frames.allocContiguous(1)!, true, pciLocation(0, 3, 0));
      const r = env.dmaWrite('00:03.0', buf.daddr(), ff(4));
      return { ok: r.ok, reason: r.reason ?? 0 };
    };
    expect(run(['SLP-01'])).toEqual({ ok: false, reason: 5 });
    expect(run([])).toEqual({ ok: true, reason: 0 });
  });
});

describe('IOT-01: iommu::unmap and the IOTLB', () => {
  it('audited: every device read of the unmapped address returns the next owner\'s bytes; fixed: every one is blocked and recorded', () => {
    const a = iot01Rounds(['IOT-01'], 8);
    const f = iot01Rounds([], 8);
    expect(a.sameFrame).toBe(8); // the buddy hands the freed frame straight back: the next owner is real
    expect(a).toMatchObject({ readsReachingNextOwner: 8, readsBlocked: 0, faultsRecorded: 0, pageInvalidations: 0 });
    expect(f).toMatchObject({ readsReachingNextOwner: 0, readsBlocked: 8, faultsRecorded: 8, pageInvalidations: 8 });
  });

  it("fixed: the invalidation is page-selective (IAIG = 3) of the device's domain, through the registers, and leaves other pages cached", () => {
    const env = dmaEnv({ devices: [{ at: '00:03.0', kind: 'plain' }] });
    const loc = pciLocation(0, 3, 0);
    const keep = DmaStream.map(env.dma, env.kernel.frames.allocContiguous(1)!, 'Bidirectional', false, loc);
    const gone = DmaStream.map(env.dma, env.kernel.frames.allocContiguous(1)!, 'Bidirectional', false, loc);
    env.dmaRead('00:03.0', keep.daddr(), 8);
    env.dmaRead('00:03.0', gone.daddr(), 8);
    const unit = env.platform!.units[0]!;
    const regs = env.remapping!.units[0]!.regs;
    const accesses = regs.accesses;
    const globals = unit.iotlb.stats.globalInvalidations;
    gone.drop();
    expect(regs.accesses).toBeGreaterThan(accesses); // the driver reached the unit through its uncached window
    const iotlbReg = regs.read64(unit.ecapFields.iotlbRegisterOffset + 8);
    expect(Number((iotlbReg >> 57n) & 3n)).toBe(3); // IAIG: page-selective performed
    const did = env.iommu.pageTable!.domainOf(loc);
    expect(did).toBe(1); // the first table get_or_create_page_table made (DID-01 fixed)
    expect(Number((iotlbReg >> 32n) & 0xffffn)).toBe(did);
    expect(iotlbReg >> 63n).toBe(0n); // IVT cleared: done
    expect(unit.iotlb.stats).toMatchObject({ pageInvalidations: 1, globalInvalidations: globals, invalidated: 1 });
    const hits = unit.iotlb.stats.hits;
    expect(env.dmaRead('00:03.0', keep.daddr(), 8).ok).toBe(true);
    expect(unit.iotlb.stats.hits).toBe(hits + 1); // the page still mapped is still cached
  });

  it('the DMA workload: stray reads of dropped streams reach memory with IOT-01 (one device) or DID-01 (two), never fixed', () => {
    const one = { seed: 1, steps: 1500, devices: [{ at: '00:03.0', kind: 'block' }], ops: { map: 3, unmap: 2, io: 4, stray: 3 } };
    const a = runDma(one, { bugs: ['IOT-01'] }).totals;
    const f = runDma(one).totals;
    expect(a.staleHits).toBeGreaterThan(10);
    expect(f.staleHits).toBe(0);
    expect(f.blockedOps).toBeGreaterThan(a.blockedOps);
    // Two devices: with DID 0 for both, one reaches what the other's accesses left in the IOTLB.
    const two = { ...one, devices: [...one.devices, { at: '00:05.0', kind: 'plain' }] };
    expect(runDma(two, { bugs: ['DID-01'] }).totals.staleHits).toBeGreaterThan(10);
    expect(runDma(two).totals.staleHits).toBe(0);
  });
});

describe('DID-01: the domain ids of get_or_create_page_table', () => {
  it("audited: both devices' entries carry DID 0 and one reads the other's buffers through the IOTLB; fixed: DIDs of their own, blocked", () => {
    const a = did01Reads(['DID-01'], 6);
    const f = did01Reads([], 6);
    expect(a).toMatchObject({ dids: [0, 0], crossDeviceReads: 6, blocked: 0 });
    expect(f.dids[0]).not.toBe(f.dids[1]);
    expect(f.dids.every((d) => d > 0)).toBe(true);
    expect(f).toMatchObject({ crossDeviceReads: 0, blocked: 6 });
  });

  it("MOI-02 audited: the shared table's entries keep DID 0 (one table, one domain)", () => {
    const env = dmaEnv({ bugs: ['MOI-02'], devices: [{ at: '00:03.0', kind: 'plain' }, { at: '00:05.0', kind: 'plain' }] });
    expect([pciLocation(0, 3, 0), pciLocation(0, 5, 0)].map((l) => env.iommu.pageTable!.domainOf(l))).toEqual([0, 0]);
  });
});

describe('SNP and ECAP.SC: modelled, not a finding', () => {
  // 232e62b's set_prop sets SNP for a cacheable property; QEMU's default ECAP.SC = 0 makes SNP reserved.
  function read(snoopControl: boolean, cache: 'Writeback' | 'Uncacheable'): { ok: boolean; reason: number } {
    const env = dmaEnv({ units: [{ scope: 'all', snoopControl }], devices: [{ at: '00:03.0', kind: 'plain' }] });
    const loc = pciLocation(0, 3, 0);
    const buf = DmaStream.map(env.dma, env.kernel.frames.allocContiguous(1)!, 'Bidirectional', false, loc); // iommu::map: Uncacheable
    const pt = env.iommu.pageTable!.getOrCreateContextTable(loc).getOrCreatePageTable(loc);
    const frame = env.kernel.frames.allocSingle({ zeroed: true })!.startPaddr();
    const da = 0x4000_0000;
    pt.map({ start: BigInt(da), end: BigInt(da + 4096) }, { start: frame, end: frame + 4096 }, { flags: PageFlags.RW, cache, privFlags: 0 });
    expect(env.dmaRead('00:03.0', buf.daddr(), 8).ok).toBe(true); // what iommu::map made never carries SNP
    const r = env.dmaRead('00:03.0', da, 8);
    return { ok: r.ok, reason: r.reason ?? 0 };
  }

  it('a cacheable leaf (SNP) is a reserved-bit fault (0xC) with QEMU\'s ECAP.SC = 0 and translates with snoop-control; iommu::map never writes one', () => {
    expect(read(false, 'Writeback')).toEqual({ ok: false, reason: 0xc });
    expect(read(true, 'Writeback')).toEqual({ ok: true, reason: 0 });
    expect(read(false, 'Uncacheable')).toEqual({ ok: true, reason: 0 });
  });
});
