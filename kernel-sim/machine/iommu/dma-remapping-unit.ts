/**
 * A VT-d DMA-remapping hardware unit (DRHD) in legacy mode: its register file as MMIO bytes
 * (registers.ts), the root/context/second-level walk in physical memory (translation-walk.ts),
 * a context cache and an IOTLB that keep stale entries until invalidated, primary fault
 * logging with the fault-event MSI (fault-recorder.ts), and malfunction knobs (malfunction.ts).
 * Capability values: QEMU 7.2's intel-iommu defaults (capability.ts).
 *
 * Register semantics: VER/CAP/ECAP/GSTS are read-only (writes ignored, counted); GCMD is
 * write-only and takes one command per write (a write changing two fields, or issuing a
 * command the capabilities do not offer, is refused with {@link RegisterWriteError}); RTADDR is
 * latched by SRTP; CCMD.ICC and IOTLB.IVT start an invalidation and read back 0 when it is done
 * (with the granularity performed in CAIG/IAIG); FSTS, FECTL and the fault records as
 * fault-recorder.ts. Accesses must be aligned 4- or 8-byte ones; reserved offsets read 0 and
 * ignore writes.
 *
 * Translation: with GSTS.TES clear, requests pass through untranslated; with it set, every
 * request is translated or blocked, and a blocked one records a fault unless FPD suppresses it
 * (qualified faults only).
 *
 * Time: every translation and register access charges {@link UnitStats.cycles} per
 * `dma-cost-model.ts` (an IOTLB hit, each entry a walk reads, each register access); a
 * `MachineClock` given as `clock` sums them with the CPUs' cycles, so the unit's commands, fault
 * records and delays are timed on the machine's one timeline.
 *
 * Simplifications: no queued invalidation (ECAP.QI is reported as QEMU does, but QIE is refused), interrupt remapping, advanced fault logging or
 * protected memory regions (their commands are refused); no device-TLB; draining (DR/DW) is
 * implied since requests are synchronous; the write-buffer is not modelled (CAP.RWBF = 0).
 * @module
 */
import type { MmioHandler, MmioSize } from '../mmio.js';
import type { PhysicalMemory } from '../physical-memory.js';
import { hex } from '../address.js';
import {
  capabilityValue, decodeCap, decodeEcap, extendedCapabilityValue, QEMU_VERSION, type CapabilityOptions, type CapFields, type EcapFields,
} from './capability.js';
import { ContextCache } from './context-cache.js';
import { RegisterAccessError, RegisterWriteError } from './errors.js';
import { isQualifiedFault } from './fault-reason.js';
import { FaultRecorder } from './fault-recorder.js';
import { DEFAULT_DMA_COST_MODEL, type DmaCostModel } from './dma-cost-model.js';
import { Iotlb, type IotlbGeometry } from './iotlb.js';
import { AccessCountingClock, type Malfunction, type UnitClock } from './malfunction.js';
import type { MsiSink } from './msi-sink.js';
import {
  CCMD_CAIG_SHIFT, CCMD_CIRG_SHIFT, CCMD_ICC, FRCD_SIZE, GCMD_CFI, GCMD_EAFL, GCMD_IRE, GCMD_NAMES, GCMD_ONE_SHOT, GCMD_QIE,
  GCMD_SFL, GCMD_SIRTP, GCMD_SRTP, GCMD_TE, GCMD_WBF, IOTLB_DID_SHIFT, IOTLB_IAIG_SHIFT, IOTLB_IIRG_SHIFT, IOTLB_IVT,
  IOTLB_REG_IOTLB, IOTLB_REG_IVA, IVA_AM_MASK, REG_CAP, REG_CCMD, REG_ECAP, REG_FEADDR, REG_FECTL, REG_FEDATA,
  REG_FEUADDR, REG_FSTS, REG_GCMD, REG_GSTS, REG_RTADDR, REG_VER, REGISTER_PAGE_SIZE, RTADDR_ADDR_MASK, RTADDR_TTM_MASK,
} from './registers.js';
import {
  addressLimit, makeWalkLimits, newContextWalk, newSecondLevelWalk, walkContext, walkSecondLevel,
  type ContextWalk, type SecondLevelWalk, type WalkLimits,
} from './translation-walk.js';

/** Options of a {@link DmaRemappingUnit}. */
export interface DmaRemappingUnitOptions extends CapabilityOptions {
  /** Names the unit in errors and tables (default `dmar0`). */
  readonly name?: string;
  /** Where fault-event MSIs go (may be set later with {@link DmaRemappingUnit.msi}). */
  readonly msi?: MsiSink | null;
  /** The cycle clock (default: an {@link AccessCountingClock} charged per register access). */
  readonly clock?: UnitClock;
  /** Cycle costs of translations and register accesses (default {@link DEFAULT_DMA_COST_MODEL}). */
  readonly costs?: DmaCostModel;
  /** Malfunction knobs (default none). */
  readonly malfunction?: Malfunction;
  /** IOTLB geometry. */
  readonly iotlb?: IotlbGeometry;
  /** Host address width in bits (default 39, as QEMU's aw-bits). */
  readonly hostAddressWidth?: number;
}

/** A DMA request's kind. */
export interface DmaRequest {
  readonly write: boolean;
  /** A translated request (PCIe AT=10b, from a device TLB): blocked with reason 0xD unless TT=01. */
  readonly translated?: boolean;
}

/** The answer to one request, as an object (see {@link DmaRemappingUnit.paddrOf} for the hot path). */
export interface DmaTranslation {
  /** The physical address, or -1 when blocked. */
  readonly paddr: number;
  /** 0 when translated, else the fault reason that blocked it. */
  readonly reason: number;
  /** How it was answered. */
  readonly source: 'pass-through' | 'context-pass-through' | 'iotlb' | 'walk' | 'blocked';
  /** Leaf level (1..3) when translated by tables, else 0. */
  readonly level: number;
}

/** A GCMD command as listeners see it. */
export interface CommandEvent {
  /** GCMD bit name (TE, SRTP, ...), or CCMD / IOTLB for the invalidation registers. */
  readonly command: string;
  /** For TE: the new value. */
  readonly value: boolean;
  /** 'issued' when written, 'completed' when the status follows and the effect starts. */
  readonly phase: 'issued' | 'completed';
  readonly cycle: number;
}

/** Counters of the unit besides its caches and fault logging. */
export interface UnitStats {
  /** Requests answered. */
  requests: number;
  /** Requests that passed untranslated with TE clear. */
  passThrough: number;
  /** Requests blocked. */
  blocked: number;
  /** Second-level walks done. */
  walks: number;
  /** Entries read by walks (root, context and second level). */
  walkReads: number;
  /** Register writes the hardware ignored (read-only registers or fields). */
  ignoredWrites: number;
  /** Register accesses. */
  registerAccesses: number;
  /** Simulated cycles of translations (IOTLB hits, walk reads) and register accesses (`dma-cost-model.ts`). */
  cycles: number;
}

interface Pending {
  readonly kind: 'gcmd' | 'ccmd' | 'iotlb';
  readonly bit: number;
  readonly value: bigint;
  readonly at: number;
}

const SUPPORTED_GCMD = GCMD_TE | GCMD_SRTP;

/** One VT-d remapping unit. */
export class DmaRemappingUnit implements MmioHandler {
  readonly name: string;
  /** CAP, ECAP and VER as reported. */
  readonly cap: bigint;
  readonly ecap: bigint;
  readonly version = QEMU_VERSION;
  /** CAP and ECAP decoded. */
  readonly capFields: CapFields;
  readonly ecapFields: EcapFields;
  readonly contextCache = new ContextCache();
  readonly iotlb: Iotlb;
  readonly faults: FaultRecorder;
  readonly stats: UnitStats = { requests: 0, passThrough: 0, blocked: 0, walks: 0, walkReads: 0, ignoredWrites: 0, registerAccesses: 0, cycles: 0 };
  readonly clock: UnitClock;
  /** The cycle costs charged to {@link UnitStats.cycles}. */
  readonly costs: DmaCostModel;
  /** The knobs in force (replaceable between experiments). */
  malfunction: Malfunction;
  /** Called on GCMD/CCMD/IOTLB commands (for scenarios that act "during init"). */
  onCommand: ((e: CommandEvent) => void) | null = null;
  /** Entry widths and capabilities the walk checks against. */
  readonly limits: WalkLimits;
  private readonly ownClock: AccessCountingClock | null;
  private gsts = 0;
  private rtaddr = 0n;
  /** The root table in use (latched by SRTP). */
  private root = 0;
  private ccmd = 0n;
  private iva = 0n;
  private iotlbReg = 0n;
  private pending: Pending[] = [];
  private readonly fro: number;
  private readonly iro: number;
  private readonly mgaw: number;
  private readonly limit3: number;
  private readonly cw: ContextWalk = newContextWalk();
  private readonly sw: SecondLevelWalk = newSecondLevelWalk();
  private lastLevel = 0;
  private lastSource: DmaTranslation['source'] = 'blocked';

  /** @param memory where the translation structures are read (physical memory, as the unit's own bus master). */
  constructor(readonly memory: PhysicalMemory, opts: DmaRemappingUnitOptions = {}) {
    this.name = opts.name ?? 'dmar0';
    this.cap = capabilityValue(opts);
    this.ecap = extendedCapabilityValue(opts);
    this.capFields = decodeCap(this.cap);
    this.ecapFields = decodeEcap(this.ecap);
    this.fro = this.capFields.faultRecordOffset;
    this.iro = this.ecapFields.iotlbRegisterOffset;
    this.mgaw = this.capFields.mgaw;
    this.limit3 = addressLimit(3, this.mgaw);
    this.faults = new FaultRecorder(this.capFields.faultRecords, opts.msi ?? null);
    this.iotlb = new Iotlb(opts.iotlb);
    this.malfunction = opts.malfunction ?? {};
    this.costs = opts.costs ?? DEFAULT_DMA_COST_MODEL;
    if (opts.clock) {
      this.clock = opts.clock;
      this.ownClock = null;
    } else {
      this.ownClock = new AccessCountingClock();
      this.clock = this.ownClock;
    }
    const haw = opts.hostAddressWidth ?? 39;
    if (!Number.isInteger(haw) || haw < 32 || haw > 52) throw new RangeError(`host address width ${haw} is not in 32..52`);
    this.limits = makeWalkLimits({
      haw, sagaw: this.capFields.sagaw, sllps: this.capFields.sllps, passThrough: this.ecapFields.pt,
      deviceTlb: this.ecapFields.dt, snoopControl: this.ecapFields.sc,
    });
  }

  // ---- MMIO ----------------------------------------------------------------------------

  /** Bytes of register space the unit decodes (one page). */
  get registerSize(): number {
    return REGISTER_PAGE_SIZE;
  }

  get mmioName(): string {
    return this.name;
  }

  /** Where fault-event MSIs go. */
  get msi(): MsiSink | null {
    return this.faults.msi;
  }

  set msi(sink: MsiSink | null) {
    this.faults.msi = sink;
  }

  /** Reads a register (offset from the register base; aligned 4 or 8 bytes). */
  mmioRead(offset: number, size: MmioSize): bigint {
    this.access(offset, size);
    if (size === 8) return BigInt(this.read32(offset)) | (BigInt(this.read32(offset + 4)) << 32n);
    return BigInt(this.read32(offset));
  }

  /** Writes a register (offset from the register base; aligned 4 or 8 bytes). */
  mmioWrite(offset: number, size: MmioSize, value: bigint): void {
    this.access(offset, size);
    if (size === 8 && (this.is64(offset))) {
      this.write64(offset, value);
      return;
    }
    if (size === 8) {
      // Two 32-bit registers in one access (e.g. FEADDR:FEUADDR): low then high.
      this.write32(offset, Number(value & 0xffffffffn));
      this.write32(offset + 4, Number(value >> 32n));
      return;
    }
    this.write32(offset, Number(value));
  }

  /** GSTS now (after completing due commands). */
  get globalStatus(): number {
    this.settle();
    return this.gsts >>> 0;
  }

  /** True while translation is enabled (GSTS.TES). */
  get translationEnabled(): boolean {
    this.settle();
    return (this.gsts & GCMD_TE) !== 0;
  }

  /** The root table address latched by the last SRTP. */
  get rootTableAddress(): number {
    return this.root;
  }

  /** Advances the unit's own clock (when it has no external one) by `cycles`. */
  tick(cycles: number): void {
    this.ownClock?.advance(cycles);
  }

  // ---- translation ---------------------------------------------------------------------

  /**
   * Translates one request's address: the hot path (no allocation on success).
   * @param sid source id (bus << 8 | devfn)
   * @param addr device address (a whole number below 2^53)
   * @returns the physical address, or -reason when blocked (a fault is recorded unless FPD suppresses it)
   */
  paddrOf(sid: number, addr: number, write: boolean): number {
    this.stats.requests++;
    if (this.pending.length !== 0) this.settle();
    if ((this.gsts & GCMD_TE) === 0) {
      this.stats.passThrough++;
      this.lastSource = 'pass-through';
      this.lastLevel = 0;
      return addr;
    }
    const cc = this.contextCache;
    let table: number, levels: number, did: number, tt: number, fpd: boolean;
    if (cc.valid[sid] === 1) {
      cc.stats.hits++;
      table = cc.table[sid]!; levels = cc.levels[sid]!; did = cc.domain[sid]!; tt = cc.tt[sid]!; fpd = cc.fpd[sid] === 1;
    } else {
      cc.stats.misses++;
      const cw = this.cw;
      const r = walkContext(this.memory, this.root, sid, this.limits, cw);
      this.stats.walkReads += cw.reads;
      this.stats.cycles += cw.reads * this.costs.walkRead;
      if (r !== 0) return this.block(sid, addr, write, r, cw.contextRead && cw.fpd);
      table = cw.table; levels = cw.levels; did = cw.domain; tt = cw.tt; fpd = cw.fpd;
      cc.fill(sid, table, levels, did, tt, fpd);
    }
    if (tt === 2) {
      this.lastSource = 'context-pass-through';
      this.lastLevel = 0;
      return addr;
    }
    if (addr >= (levels === 3 ? this.limit3 : addressLimit(levels, this.mgaw))) return this.block(sid, addr, write, 0x4, fpd);
    const vpn = Math.floor(addr / 4096);
    const offset = addr - vpn * 4096;
    const tlb = this.iotlb;
    const need = write ? 2 : 1;
    const i0 = tlb.lookup4k(did, vpn);
    if (i0 >= 0 && (tlb.rights[i0]! & need) !== 0) {
      this.stats.cycles += this.costs.iotlbHit;
      this.lastSource = 'iotlb';
      this.lastLevel = 1;
      return tlb.base[i0]! + offset;
    }
    const i = i0 >= 0 ? i0 : tlb.lookup(did, vpn);
    if (i >= 0) {
      if ((tlb.rights[i]! & need) !== 0) {
        this.stats.cycles += this.costs.iotlbHit;
        this.lastSource = 'iotlb';
        this.lastLevel = tlb.levelOf(i);
        return tlb.physical(i, vpn, offset);
      }
      tlb.drop(i); // cached rights deny: re-walk, as hardware may (the tables may have granted more since)
    }
    const sw = this.sw;
    this.stats.walks++;
    const r = walkSecondLevel(this.memory, table, levels, addr, write, this.limits, sw);
    this.stats.walkReads += sw.reads;
    this.stats.cycles += sw.reads * this.costs.walkRead;
    if (r !== 0) return this.block(sid, addr, write, r, fpd);
    const j = tlb.fill(did, vpn, sw.level, sw.base, sw.rights);
    this.lastSource = 'walk';
    this.lastLevel = sw.level;
    return tlb.physical(j, vpn, offset);
  }

  /** {@link paddrOf} with a request object and the answer as an object (translated requests too). */
  translate(sid: number, addr: number, req: DmaRequest): DmaTranslation {
    if (req.translated) {
      this.stats.requests++;
      this.settle();
      // Translated requests (ATS) need TT=01b, which ECAP.DT = 0 never allows: blocked (0xD) with TE set.
      if ((this.gsts & GCMD_TE) === 0) {
        this.stats.passThrough++;
        return { paddr: addr, reason: 0, source: 'pass-through', level: 0 };
      }
      const cw = this.cw;
      const r = walkContext(this.memory, this.root, sid, this.limits, cw);
      this.stats.walkReads += cw.reads;
      this.stats.cycles += cw.reads * this.costs.walkRead;
      const reason = r !== 0 ? r : cw.tt === 1 ? 0 : 0xd;
      if (reason === 0) return { paddr: addr, reason: 0, source: 'context-pass-through', level: 0 };
      this.block(sid, addr, req.write, reason, cw.contextRead && cw.fpd);
      return { paddr: -1, reason, source: 'blocked', level: 0 };
    }
    const p = this.paddrOf(sid, addr, req.write);
    if (p < 0) return { paddr: -1, reason: -p, source: 'blocked', level: 0 };
    return { paddr: p, reason: 0, source: this.lastSource, level: this.lastLevel };
  }

  /**
   * The walk alone for `sid` and `addr` through the tables as they are now (no caches, no fault
   * recording, no counters): the reference cached answers are compared with.
   * @returns the physical address, or -reason
   */
  walk(sid: number, addr: number, write: boolean): number {
    this.settle();
    if ((this.gsts & GCMD_TE) === 0) return addr;
    const cw = this.cw;
    let r = walkContext(this.memory, this.root, sid, this.limits, cw);
    if (r !== 0) return -r;
    if (cw.tt === 2) return addr;
    if (addr >= addressLimit(cw.levels, this.mgaw)) return -0x4;
    const sw = this.sw;
    r = walkSecondLevel(this.memory, cw.table, cw.levels, addr, write, this.limits, sw);
    if (r !== 0) return -r;
    const span = sw.level === 1 ? 4096 : sw.level === 2 ? 2 ** 21 : 2 ** 30;
    return sw.base + (addr % span);
  }

  // ---- internals -----------------------------------------------------------------------

  private block(sid: number, addr: number, write: boolean, reason: number, fpd: boolean): number {
    this.stats.blocked++;
    this.lastSource = 'blocked';
    this.lastLevel = 0;
    const now = this.clock.now();
    if (fpd && isQualifiedFault(reason)) this.faults.suppressed(now, sid, addr, reason, write);
    else this.faults.report(now, sid, addr, reason, write);
    return -reason;
  }

  private access(offset: number, size: MmioSize): void {
    if ((size !== 4 && size !== 8) || offset % size !== 0) {
      throw new RegisterAccessError(this.name, offset, size, 'registers take aligned 4- or 8-byte accesses');
    }
    this.stats.registerAccesses++;
    this.stats.cycles += this.costs.registerAccess;
    this.ownClock?.access();
    this.settle();
  }

  private is64(offset: number): boolean {
    return offset === REG_CAP || offset === REG_ECAP || offset === REG_RTADDR || offset === REG_CCMD
      || offset === this.iro + IOTLB_REG_IVA || offset === this.iro + IOTLB_REG_IOTLB
      || (offset >= this.fro && offset < this.fro + this.faults.count * FRCD_SIZE);
  }

  private read32(offset: number): number {
    switch (offset) {
      case REG_VER: return this.version;
      case REG_CAP: return Number(this.cap & 0xffffffffn);
      case REG_CAP + 4: return Number(this.cap >> 32n);
      case REG_ECAP: return Number(this.ecap & 0xffffffffn);
      case REG_ECAP + 4: return Number(this.ecap >> 32n);
      case REG_GCMD: return 0;
      case REG_GSTS: return this.gsts >>> 0;
      case REG_RTADDR: return Number(this.rtaddr & 0xffffffffn);
      case REG_RTADDR + 4: return Number(this.rtaddr >> 32n);
      case REG_CCMD: return Number(this.ccmd & 0xffffffffn);
      case REG_CCMD + 4: return Number(this.ccmd >> 32n);
      case REG_FSTS: return this.faults.fsts;
      case REG_FECTL: return this.faults.fectl;
      case REG_FEDATA: return this.faults.feDataReg;
      case REG_FEADDR: return this.faults.feAddrReg;
      case REG_FEUADDR: return this.faults.feUpperAddrReg;
      default: break;
    }
    const io = offset - this.iro;
    if (io === IOTLB_REG_IVA) return Number(this.iva & 0xffffffffn);
    if (io === IOTLB_REG_IVA + 4) return Number(this.iva >> 32n);
    if (io === IOTLB_REG_IOTLB) return Number(this.iotlbReg & 0xffffffffn);
    if (io === IOTLB_REG_IOTLB + 4) return Number(this.iotlbReg >> 32n);
    const fr = offset - this.fro;
    if (fr >= 0 && fr < this.faults.count * FRCD_SIZE) return this.faults.readWord(Math.floor(fr / 16), (fr % 16) / 4);
    return 0; // reserved or unmodelled registers read as 0
  }

  private write64(offset: number, value: bigint): void {
    switch (offset) {
      case REG_CAP: case REG_ECAP: this.stats.ignoredWrites++; return;
      case REG_RTADDR: this.writeRtaddr(value); return;
      case REG_CCMD: this.writeCcmd(value); return;
      default: break;
    }
    const io = offset - this.iro;
    if (io === IOTLB_REG_IVA) { this.iva = value; return; }
    if (io === IOTLB_REG_IOTLB) { this.writeIotlb(value); return; }
    const fr = offset - this.fro;
    const i = Math.floor(fr / 16);
    // Only F (bit 63 of the upper half) is writable; the rest of a record is read-only.
    if ((fr % 16) === 0 || (value >> 63n) === 0n) this.stats.ignoredWrites++;
    this.faults.writeWord(i, (fr % 16) / 4 + 1, Number(value >> 32n));
  }

  private write32(offset: number, v: number): void {
    const value = v >>> 0;
    switch (offset) {
      case REG_VER: case REG_CAP: case REG_CAP + 4: case REG_ECAP: case REG_ECAP + 4: case REG_GSTS:
        this.stats.ignoredWrites++; return;
      case REG_GCMD: this.writeGcmd(value); return;
      case REG_RTADDR: this.writeRtaddr((this.rtaddr & 0xffffffff00000000n) | BigInt(value)); return;
      case REG_RTADDR + 4: this.writeRtaddr((this.rtaddr & 0xffffffffn) | (BigInt(value) << 32n)); return;
      case REG_CCMD: this.ccmd = (this.ccmd & 0xffffffff00000000n) | BigInt(value); return;
      case REG_CCMD + 4: this.writeCcmd((this.ccmd & 0xffffffffn) | (BigInt(value) << 32n)); return;
      case REG_FSTS: this.faults.writeFsts(value); return;
      case REG_FECTL: this.faults.writeFectl(value); return;
      case REG_FEDATA: this.faults.writeFeData(value); return;
      case REG_FEADDR: this.faults.writeFeAddr(value); return;
      case REG_FEUADDR: this.faults.writeFeUpperAddr(value); return;
      default: break;
    }
    const io = offset - this.iro;
    if (io === IOTLB_REG_IVA) { this.iva = (this.iva & 0xffffffff00000000n) | BigInt(value); return; }
    if (io === IOTLB_REG_IVA + 4) { this.iva = (this.iva & 0xffffffffn) | (BigInt(value) << 32n); return; }
    if (io === IOTLB_REG_IOTLB) { this.iotlbReg = (this.iotlbReg & 0xffffffff00000000n) | BigInt(value); return; }
    if (io === IOTLB_REG_IOTLB + 4) { this.writeIotlb((this.iotlbReg & 0xffffffffn) | (BigInt(value) << 32n)); return; }
    const fr = offset - this.fro;
    if (fr >= 0 && fr < this.faults.count * FRCD_SIZE) {
      const w = (fr % 16) / 4;
      if (w !== 3 || (value & 0x80000000) === 0) this.stats.ignoredWrites++;
      this.faults.writeWord(Math.floor(fr / 16), w, value);
      return;
    }
    this.stats.ignoredWrites++;
  }

  private writeRtaddr(value: bigint): void {
    if ((value & RTADDR_TTM_MASK) !== 0n) {
      throw new RegisterWriteError(this.name, 'RTADDR', value, 'TTM (bits 11:10) must be 00: only legacy mode is supported (ECAP.SMTS = 0)');
    }
    this.rtaddr = value & (RTADDR_ADDR_MASK | 0x3ffn) & ~0x3ffn;
  }

  private writeGcmd(value: number): void {
    const persistentChange = (value ^ this.commandState()) & (GCMD_TE | GCMD_QIE | GCMD_IRE | GCMD_CFI | GCMD_EAFL);
    const oneShot = value & GCMD_ONE_SHOT;
    const cmds = (persistentChange | oneShot) >>> 0;
    if (cmds === 0) return;
    if ((cmds & (cmds - 1)) !== 0) {
      throw new RegisterWriteError(this.name, 'GCMD', BigInt(value), `changes ${names(cmds)} in one write; the spec allows one command per write`);
    }
    if ((cmds & SUPPORTED_GCMD) === 0) {
      throw new RegisterWriteError(this.name, 'GCMD', BigInt(value), `${names(cmds)} is not supported by this unit's capabilities (${reasonFor(cmds)})`);
    }
    if (this.pending.some((p) => p.kind === 'gcmd')) {
      throw new RegisterWriteError(this.name, 'GCMD', BigInt(value), 'a command was issued while the previous one is still in progress');
    }
    const on = (value & cmds) !== 0;
    this.issue({ kind: 'gcmd', bit: cmds, value: on ? 1n : 0n, at: this.clock.now() + (this.malfunction.statusDelayCycles ?? 0) });
  }

  // The persistent enables as software last set them (pending commands count as set).
  private commandState(): number {
    let s = this.gsts;
    for (const p of this.pending) if (p.kind === 'gcmd' && (p.bit & GCMD_ONE_SHOT) === 0) s = p.value ? s | p.bit : s & ~p.bit;
    return s >>> 0;
  }

  private writeCcmd(value: bigint): void {
    this.ccmd = value;
    if ((value & CCMD_ICC) === 0n) return;
    if (this.pending.some((p) => p.kind === 'ccmd')) {
      throw new RegisterWriteError(this.name, 'CCMD', value, 'ICC written while a context-cache invalidation is in progress');
    }
    const cirg = Number((value >> CCMD_CIRG_SHIFT) & 3n);
    if (cirg === 0) throw new RegisterWriteError(this.name, 'CCMD', value, 'CIRG = 0 is reserved');
    this.issue({ kind: 'ccmd', bit: 0, value, at: this.clock.now() + (this.malfunction.statusDelayCycles ?? 0) });
  }

  private writeIotlb(value: bigint): void {
    this.iotlbReg = value;
    if ((value & IOTLB_IVT) === 0n) return;
    if (this.pending.some((p) => p.kind === 'iotlb')) {
      throw new RegisterWriteError(this.name, 'IOTLB', value, 'IVT written while an IOTLB invalidation is in progress');
    }
    const iirg = Number((value >> IOTLB_IIRG_SHIFT) & 3n);
    if (iirg === 0) throw new RegisterWriteError(this.name, 'IOTLB', value, 'IIRG = 0 is reserved');
    this.issue({ kind: 'iotlb', bit: 0, value, at: this.clock.now() + (this.malfunction.statusDelayCycles ?? 0) });
  }

  private issue(p: Pending): void {
    this.pending.push(p);
    this.onCommand?.({ command: commandName(p), value: p.value !== 0n, phase: 'issued', cycle: this.clock.now() });
    this.settle();
  }

  // Completes the commands whose time has come (never those a stuck status bit holds).
  private settle(): void {
    if (this.pending.length === 0) return;
    const now = this.clock.now();
    const stuck = this.malfunction.stuckStatusBits ?? 0;
    const keep: Pending[] = [];
    const due: Pending[] = [];
    for (const p of this.pending) {
      if (p.at > now || (p.kind === 'gcmd' && (p.bit & stuck) !== 0)) keep.push(p);
      else due.push(p);
    }
    // Out of the queue before completing: a listener may issue DMA (which settles again).
    this.pending = keep;
    for (const p of due) this.complete(p);
  }

  private complete(p: Pending): void {
    if (p.kind === 'gcmd') {
      if (p.bit === GCMD_SRTP) {
        this.root = Number(this.rtaddr & RTADDR_ADDR_MASK);
        this.gsts |= GCMD_SRTP;
      } else if (p.bit === GCMD_TE) {
        this.gsts = p.value ? this.gsts | GCMD_TE : this.gsts & ~GCMD_TE;
      }
    } else if (p.kind === 'ccmd') {
      const v = p.value;
      const cirg = Number((v >> CCMD_CIRG_SHIFT) & 3n);
      const did = Number(v & 0xffffn);
      if (cirg === 1) this.contextCache.invalidateAll();
      else if (cirg === 2) this.contextCache.invalidateDomain(did);
      else this.contextCache.invalidateDevice(did, Number((v >> 16n) & 0xffffn), Number((v >> 32n) & 3n));
      this.ccmd = (v & ~CCMD_ICC & ~(3n << CCMD_CAIG_SHIFT)) | (BigInt(cirg) << CCMD_CAIG_SHIFT);
    } else {
      const v = p.value;
      let iirg = Number((v >> IOTLB_IIRG_SHIFT) & 3n);
      const did = Number((v >> IOTLB_DID_SHIFT) & 0xffffn);
      const am = Number(this.iva & IVA_AM_MASK);
      // Page-selective needs CAP.PSI and AM <= MAMV; otherwise the hardware performs a domain-selective one.
      if (iirg === 3 && (!this.capFields.psi || am > this.capFields.mamv)) iirg = 2;
      if (iirg === 1) this.iotlb.invalidateAll();
      else if (iirg === 2) this.iotlb.invalidateDomain(did);
      else this.iotlb.invalidatePages(did, Number(this.iva >> 12n), am);
      this.iotlbReg = (v & ~IOTLB_IVT & ~(3n << IOTLB_IAIG_SHIFT)) | (BigInt(iirg) << IOTLB_IAIG_SHIFT);
    }
    this.onCommand?.({ command: commandName(p), value: p.value !== 0n, phase: 'completed', cycle: this.clock.now() });
  }
}

function names(bits: number): string {
  return Object.entries(GCMD_NAMES).filter(([b]) => (bits & Number(b)) !== 0).map(([, n]) => n).join(' and ');
}

function reasonFor(bit: number): string {
  if (bit === GCMD_WBF) return 'CAP.RWBF = 0';
  if (bit === GCMD_SFL || bit === GCMD_EAFL) return 'CAP.AFL = 0';
  if (bit === GCMD_QIE) return 'queued invalidation is not modelled';
  if (bit === GCMD_IRE || bit === GCMD_SIRTP || bit === GCMD_CFI) return 'ECAP.IR = 0';
  return 'unknown';
}

function commandName(p: Pending): string {
  return p.kind === 'gcmd' ? GCMD_NAMES[p.bit] ?? hex(p.bit) : p.kind === 'ccmd' ? 'CCMD' : 'IOTLB';
}
