/**
 * Fault handling (FG5.5; 232e62b `arch/x86/iommu/fault.rs`): `FaultEventRegisters::new` over a
 * unit's register window (FSTS 0x34, FECTL 0x38, FEDATA 0x3C, FEADDR 0x40, FEUADDR 0x44, and the
 * CAP.NFR + 1 fault-recording registers at CAP.FRO x 16), and `iommu_page_fault_handler`.
 *
 * `new`: FEDATA = the line's vector, FEADDR = 0xFEE0_0000 (fixed delivery to CPU 0), FECTL = 0
 * (unmask), then `on_active(handler)`.
 * - FAU-01: audited in that order, so a fault event in between reaches a vector with no handler
 *   and is lost. Fixed (upstream): the handler is registered before FECTL is written.
 *
 * The handler:
 * - FAU-02 audited (232e62b): reads FSTS, takes the record at FRI, logs it, clears nothing. On a
 *   spec-exact unit PPF then stays set, so no later fault raises an interrupt and the ring fills
 *   and overflows (the audit's "repeated interrupts" needs a unit that re-signals while a fault
 *   is pending; VT-d and QEMU do not).
 * - FAU-03 audited (with FAU-02 fixed): that one record is handled and cleared, the rest stay.
 * - Fixed: from FRI every pending record in turn, each cleared, wrapping round the ring (as Linux
 *   `dmar_fault`), then PFO cleared if set.
 * - FCL-01 (kernel-sim's ID): clearing as upstream does it, writing the record back with F = 0 and
 *   FSTS with PFO removed; on RW1C bits that clears nothing.
 * - FRW-01 (kernel-sim's ID): the upstream loop from FRI to the last record, no wrap.
 * Upstream also panics on IQE / ICE / ITE; the model's unit never sets them (no queued invalidation).
 * @module
 */
import type { IommuKernel } from './iommu-kernel.js';
import type { IrqLine, IrqLines } from './irq-lines.js';
import { locationOfSourceId, formatLocation } from './pci-device-location.js';
import type { RegisterWindow } from './register-window.js';

/** Register offsets of the fault-event registers. */
export const FAULT_REGS = Object.freeze({ FSTS: 0x34, FECTL: 0x38, FEDATA: 0x3c, FEADDR: 0x40, FEUADDR: 0x44, CAP: 0x08 });
const PFO = 1;
const PPF = 2;
const F_HI = 1n << 63n;

/** One fault the handler saw. */
export interface HandledFault {
  readonly unit: number;
  readonly index: number;
  readonly sourceId: number;
  readonly address: number;
  readonly reason: number;
  readonly write: boolean;
}

/** A step of `FaultEventRegisters::new`, where a scenario may act. */
export type FaultInitStep = 'unmasked' | 'handler-registered';

/** `FaultEventRegisters` of one unit. */
export class FaultEventRegisters {
  /** Number of fault-recording registers (CAP.NFR + 1). */
  readonly length: number;
  /** Offset of the first one (CAP.FRO x 16). */
  readonly offset: number;
  /** Faults the handler processed, in order. */
  readonly handled: HandledFault[] = [];
  /** Handler invocations. */
  invocations = 0;

  private constructor(
    readonly k: IommuKernel,
    readonly regs: RegisterWindow,
    readonly unit: number,
    readonly faultIrq: IrqLine,
  ) {
    const cap = regs.read64(FAULT_REGS.CAP);
    this.length = Number((cap >> 40n) & 0xffn) + 1;
    this.offset = Number((cap >> 24n) & 0x3ffn) * 16;
  }

  /**
   * `FaultEventRegisters::new(base_register_vaddr)`: the MSI set up to the line's vector on CPU
   * 0, unmasked, and {@link iommuPageFaultHandler} registered (order: FAU-01).
   */
  static new(k: IommuKernel, regs: RegisterWindow, irqs: IrqLines, unit = 0, onStep?: (s: FaultInitStep) => void): FaultEventRegisters {
    const line = irqs.alloc();
    const f = new FaultEventRegisters(k, regs, unit, line);
    regs.write32(FAULT_REGS.FEDATA, line.num);
    regs.write32(FAULT_REGS.FEADDR, 0xfee0_0000);
    const register = (): void => line.onActive(() => iommuPageFaultHandler(f));
    if (!k.bugs.has('FAU-01')) {
      register();
      onStep?.('handler-registered');
    }
    regs.write32(FAULT_REGS.FECTL, 0);
    onStep?.('unmasked');
    if (k.bugs.has('FAU-01')) {
      register();
      onStep?.('handler-registered');
    }
    return f;
  }

  /** FSTS. */
  status(): number {
    return this.regs.read32(FAULT_REGS.FSTS);
  }

  /** Record `i` as its two u64 halves. */
  recording(i: number): { lo: bigint; hi: bigint } {
    const at = this.offset + i * 16;
    return { lo: this.regs.read64(at), hi: this.regs.read64(at + 8) };
  }

  /** Clears record `i`'s F: writes 1 (fixed) or the record back with F = 0 (FCL-01). */
  clearFault(i: number, r: { lo: bigint; hi: bigint }): void {
    const at = this.offset + i * 16;
    if (this.k.bugs.has('FCL-01')) {
      this.regs.write64(at, r.lo);
      this.regs.write64(at + 8, r.hi & ~F_HI);
    } else {
      this.regs.write64(at + 8, F_HI);
    }
  }
}

/** `iommu_page_fault_handler`: see the module notes for what each switch does. */
export function iommuPageFaultHandler(f: FaultEventRegisters): void {
  const k = f.k;
  f.invocations++;
  const status = f.status();
  const fri = (status >> 8) & 0xff;
  if (k.bugs.has('FAU-02')) {
    note(f, fri, f.recording(fri));
    return;
  }
  if ((status & PPF) !== 0) {
    const last = k.bugs.has('FRW-01') ? f.length - fri : f.length;
    const max = k.bugs.has('FAU-03') ? 1 : last;
    for (let n = 0; n < max; n++) {
      const i = (fri + n) % f.length;
      const r = f.recording(i);
      if ((r.hi & F_HI) === 0n) break;
      note(f, i, r);
      f.clearFault(i, r);
    }
  }
  if ((status & PFO) !== 0) {
    k.log.push(`info: IOMMU unit ${f.unit}: primary fault overflow detected`);
    f.regs.write32(FAULT_REGS.FSTS, k.bugs.has('FCL-01') ? status & ~PFO : PFO);
  }
}

function note(f: FaultEventRegisters, index: number, r: { lo: bigint; hi: bigint }): void {
  const sourceId = Number(r.hi & 0xffffn);
  const reason = Number((r.hi >> 32n) & 0xffn);
  const write = ((r.hi >> 62n) & 1n) === 0n;
  const address = Number(r.lo & 0xffff_ffff_ffff_f000n);
  f.handled.push({ unit: f.unit, index, sourceId, address, reason, write });
  f.k.log.push(`info: Catch iommu page fault, unit ${f.unit} record ${index}: ${formatLocation(locationOfSourceId(sourceId))} ${write ? 'write' : 'read'} 0x${address.toString(16)} reason ${reason}`);
}
