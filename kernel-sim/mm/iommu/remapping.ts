/**
 * DMA remapping (FG5.4; 232e62b `arch/x86/iommu/remapping.rs`): `RemappingRegisters::new` finds
 * the unit(s) in the ACPI DMAR table, maps their registers uncached (`register-window.ts`), sets
 * up fault handling (`fault::init`), writes RTADDR and enables translation; `remapping::init`
 * keeps the result (`REMAPPING_REGS`).
 *
 * 232e62b's sequence: RTADDR = root; GCMD = SRTP (0x4000_0000); `while GSTS & RTPS == 0 {}`;
 * GCMD = TE (0x8000_0000), without waiting for TES and without invalidating the context cache
 * or IOTLB; the model runs it with MOI-03 audited. With MOI-03 fixed (the spec's order, reference §3.2): each command as `GSTS & 0x96FF_FFFF | bit`,
 * waited for; after SRTP a global context-cache invalidation (CCMD 0xA000..) and a global IOTLB
 * invalidation (0x9000.. at ECAP.IRO x 16 + 8), each waited for; then TE and TES.
 *
 * Switches:
 * - REM-01: audited, the loop over the remapping structures keeps the last DRHD's base, so only
 *   that unit is programmed and the devices behind the others pass through untranslated. Fixed:
 *   every DRHD, each with the same root table and its own fault registers.
 * - REM-02: audited, the waits are unbounded loops; the model spins at most
 *   {@link HANG_POLL_LIMIT} polls and then reports the hang ({@link RemappingHangError}), standing
 *   for a kernel that never returns. Fixed: a wait gives up after {@link TIMEOUT_POLLS} polls with
 *   an {@link IommuTimeoutError} naming the register and bit.
 * - IOT-01 fixed: {@link Remapping.invalidateIotlbPage}, called by `iommu::unmap` after the PTE is
 *   cleared: IVA = the page's address with AM 0 and IH 0, then IOTLB = IVT | IIRG 3 (page-selective) |
 *   DID (with DR/DW when CAP.DRD/DWD, as Linux's `__iommu_flush_iotlb`), waited for until IVT reads 0.
 *   Register-based: 232e62b enables no invalidation queue (upstream enables QI, and would queue
 *   an iotlb_inv_dsc instead).
 * - MOI-03 fixed: {@link Remapping.blockAll} runs first: fault handling, then TE on an empty
 *   root table (every request blocked: root entry not present, fault reason 1, always recorded);
 *   `init` then switches the root and invalidates. REM-03 is code-level (`bugs/finding-id.ts`).
 * @module
 */
import { decodeDmar, type Drhd } from '../../machine/index.js';
import { KernelSimError } from '../../util/errors.js';
import { IommuError } from './errors.js';
import { FaultEventRegisters, type FaultInitStep } from './fault.js';
import type { IommuKernel } from './iommu-kernel.js';
import type { RemappingSetup } from './iommu.js';
import type { IrqLines } from './irq-lines.js';
import { RegisterWindow, type KernelMappingHost } from './register-window.js';
import type { RootTable } from './root-table.js';

/** Register offsets of FG5.4.1. */
export const REMAPPING_REGS_OFFSETS = Object.freeze({ VER: 0x00, CAP: 0x08, ECAP: 0x10, GCMD: 0x18, GSTS: 0x1c, RTADDR: 0x20, CCMD: 0x28 });
const TE = 0x8000_0000;
const SRTP = 0x4000_0000;
const ONE_SHOT_STATUS_MASK = 0x96ff_ffff;
const CCMD_GLOBAL = 0xa000_0000_0000_0000n;
const IOTLB_GLOBAL = 0x9000_0000_0000_0000n;
const BUSY = 1n << 63n;
const IOTLB_PAGE = BUSY | (3n << 60n); // IVT | IIRG = 11b
const IOTLB_DR = 1n << 49n;
const IOTLB_DW = 1n << 48n;
const CAP_DRD = 1n << 55n;
const CAP_DWD = 1n << 54n;

/** Polls after which a fixed wait gives up (about 3 ms at 300 cycles per uncached read). */
export const TIMEOUT_POLLS = 10_000;
/** Polls after which the model stops an audited unbounded wait and reports the hang. */
export const HANG_POLL_LIMIT = 1_000_000;

/** REM-02 fixed: a status bit did not follow its command in time. */
export class IommuTimeoutError extends KernelSimError {
  constructor(readonly fn: string, readonly register: string, readonly bit: string, readonly polls: number, readonly unitBase: number) {
    super(`${fn}: timed out after ${polls} polls waiting for ${register}.${bit} of the unit at 0x${unitBase.toString(16)} (REM-02 fixed)`);
  }
}

/** REM-02 audited: an unbounded wait that would never end; the model stopped it. */
export class RemappingHangError extends KernelSimError {
  constructor(readonly fn: string, readonly register: string, readonly bit: string, readonly polls: number, readonly unitBase: number) {
    super(`${fn}: hang: ${register}.${bit} of the unit at 0x${unitBase.toString(16)} never set; 232e62b spins forever (REM-02 audited), the model stopped after ${polls} polls`);
  }
}

/** What remapping needs besides the driver's kernel view. */
export interface RemappingHost {
  /** The kernel address space the registers are mapped in. */
  readonly kernel: KernelMappingHost;
  /** The ACPI DMAR table's bytes (firmware's). */
  readonly dmar: Uint8Array;
  /** The kernel's interrupt lines (the units' MSI sink). */
  readonly irqs: IrqLines;
  /** Called at the steps of `FaultEventRegisters::new` of each unit. */
  readonly onFaultStep?: (unit: number, step: FaultInitStep) => void;
}

/** `RemappingRegisters` of one unit. */
export class RemappingRegisters {
  /** Polls of status registers so far. */
  polls = 0;

  private constructor(
    readonly k: IommuKernel,
    readonly regs: RegisterWindow,
    readonly drhd: Drhd,
    readonly fault: FaultEventRegisters,
  ) {}

  /** Maps a unit's registers and sets up its fault handling (`fault::init`). */
  static new(k: IommuKernel, host: RemappingHost, drhd: Drhd, unit: number): RemappingRegisters {
    const regs = RegisterWindow.map(k.memory, host.kernel, drhd.registerBase);
    const fault = FaultEventRegisters.new(k, regs, host.irqs, unit, (s) => host.onFaultStep?.(unit, s));
    return new RemappingRegisters(k, regs, drhd, fault);
  }

  /** CAP. */
  capability(): bigint {
    return this.regs.read64(REMAPPING_REGS_OFFSETS.CAP);
  }

  /** Points the unit at `rootPaddr` and enables translation (232e62b's or the spec's sequence). */
  enable(rootPaddr: number): void {
    const r = this.regs;
    r.write64(REMAPPING_REGS_OFFSETS.RTADDR, BigInt(rootPaddr));
    if (this.k.bugs.has('MOI-03')) {
      // 232e62b verbatim (the MOI-03 fix needs the spec's sequence: it switches roots under TE).
      r.write32(REMAPPING_REGS_OFFSETS.GCMD, SRTP);
      this.waitStatus(SRTP, 'RTPS');
      r.write32(REMAPPING_REGS_OFFSETS.GCMD, TE);
      return;
    }
    this.command(SRTP, 'RTPS');
    r.write64(REMAPPING_REGS_OFFSETS.CCMD, CCMD_GLOBAL);
    this.waitClear(REMAPPING_REGS_OFFSETS.CCMD, 'CCMD', 'ICC');
    const iotlb = this.iotlbOffset();
    r.write64(iotlb, IOTLB_GLOBAL);
    this.waitClear(iotlb, 'IOTLB', 'IVT');
    if ((r.read32(REMAPPING_REGS_OFFSETS.GSTS) & TE) === 0) this.command(TE, 'TES');
  }

  /** IOT-01 fixed: a page-selective IOTLB invalidation of the 4 KiB page at `daddr` in domain `did`, waited for. */
  invalidateIotlbPage(daddr: number, did: number): void {
    const r = this.regs;
    const iotlb = this.iotlbOffset();
    const cap = this.capability();
    const drain = ((cap & CAP_DRD) !== 0n ? IOTLB_DR : 0n) | ((cap & CAP_DWD) !== 0n ? IOTLB_DW : 0n);
    r.write64(iotlb - 8, BigInt(daddr) & ~0xfffn); // IVA: ADDR, IH 0, AM 0 (one page)
    r.write64(iotlb, IOTLB_PAGE | drain | (BigInt(did & 0xffff) << 32n));
    this.waitClear(iotlb, 'IOTLB', 'IVT', 'iommu::unmap');
  }

  // The IOTLB invalidate register: ECAP.IRO x 16 + 8.
  private iotlbOffset(): number {
    return Number((this.regs.read64(REMAPPING_REGS_OFFSETS.ECAP) >> 8n) & 0x3ffn) * 16 + 8;
  }

  // write_global_command(bit, true) and its wait.
  private command(bit: number, name: string): void {
    const status = this.regs.read32(REMAPPING_REGS_OFFSETS.GSTS) & ONE_SHOT_STATUS_MASK;
    this.regs.write32(REMAPPING_REGS_OFFSETS.GCMD, (status | bit) >>> 0);
    this.waitStatus(bit, name);
  }

  private waitStatus(bit: number, name: string): void {
    this.spin('GSTS', name, () => (this.regs.read32(REMAPPING_REGS_OFFSETS.GSTS) & bit) !== 0);
  }

  private waitClear(offset: number, reg: string, name: string, fn = 'RemappingRegisters::new'): void {
    this.spin(reg, name, () => (this.regs.read64(offset) & BUSY) === 0n, fn);
  }

  // An unbounded loop at 232e62b (REM-02 audited, stopped at HANG_POLL_LIMIT); a timeout fixed.
  private spin(reg: string, bit: string, done: () => boolean, fn = 'RemappingRegisters::new'): void {
    const audited = this.k.bugs.has('REM-02');
    const limit = audited ? HANG_POLL_LIMIT : TIMEOUT_POLLS;
    for (let n = 1; n <= limit; n++) {
      this.polls++;
      if (done()) return;
    }
    if (audited) throw new RemappingHangError(fn, reg, bit, limit, this.drhd.registerBase);
    throw new IommuTimeoutError(fn, reg, bit, limit, this.drhd.registerBase);
  }
}

/**
 * `remapping::init` and the MOI-03 fix's blocking step, as the driver's {@link RemappingSetup}.
 * `REMAPPING_REGS` is {@link Remapping.units} once `init` returned.
 */
export class Remapping implements RemappingSetup {
  /** The programmed units (`REMAPPING_REGS`). */
  units: RemappingRegisters[] = [];
  private blockingRoot: ReturnType<IommuKernel['allocFrame']> | null = null;

  constructor(readonly k: IommuKernel, readonly host: RemappingHost) {}

  /** MOI-03 fixed: fault handling, then translation on an empty root table, before any table is built. */
  blockAll(): void {
    this.prepare();
    const frame = this.k.allocFrame('remapping::block_all');
    this.blockingRoot = frame;
    for (const u of this.units) u.enable(frame.startPaddr());
  }

  /**
   * `remapping::init(&root_table)`.
   * @throws IommuError NoIommu (no DMAR DRHD), DmarDecodeError for a malformed table, the waits' errors
   */
  init(root: RootTable): void {
    if (this.units.length === 0) this.prepare();
    for (const u of this.units) u.enable(root.paddr());
    if (this.blockingRoot !== null) {
      this.blockingRoot.drop();
      this.blockingRoot = null;
    }
  }

  /** IOT-01 fixed: the page's IOTLB entries invalidated on every programmed unit (`iommu::unmap`). */
  invalidateIotlbPage(daddr: number, did: number): void {
    for (const u of this.units) u.invalidateIotlbPage(daddr, did);
  }

  // Dmar::new() and the DRHD loop, then RemappingRegisters::new per unit (fault::init first).
  private prepare(): void {
    let dmar;
    try {
      dmar = decodeDmar(this.host.dmar);
    } catch (e) {
      throw e instanceof KernelSimError ? e : new IommuError('NoIommu', 'Dmar::new', String(e));
    }
    const drhds = dmar.drhds;
    if (drhds.length === 0) throw new IommuError('NoIommu', 'RemappingRegisters::new', 'the DMAR table has no DRHD structure');
    // REM-01 audited: `for remapping in dmar.remapping_iter() { if let Drhd(d) = remapping { addr = d.register_base_addr() } }`.
    const chosen = this.k.bugs.has('REM-01') ? [drhds[drhds.length - 1]!] : [...drhds];
    this.units = chosen.map((d) => RemappingRegisters.new(this.k, this.host, d, drhds.indexOf(d)));
  }
}
