/**
 * A CPU's paging control state: CR0 (PE, WP, PG), CR2, CR3 (root, PCID, no-flush bit 63), CR4
 * (PAE, PGE, LA57, PCIDE) and IA32_EFER (LME, LMA, NXE), with the #GP checks of MOV to CR0/CR3/CR4,
 * WRMSR EFER and INVPCID (SDM Vol. 2 "MOV—Move to/from Control Registers", "INVPCID"; Vol. 3A
 * §2.5, §4.10.4.1), and the TLB invalidations each of them implies, on this CPU's {@link Tlb}.
 *
 * Only IA-32e paging is modelled: turning paging on without EFER.LME (32-bit or PAE paging) is
 * refused with {@link UnsupportedCpuMode}. Reset values follow SDM Vol. 3A Table 9-1 (CR0 = 0x60000010).
 * @module
 */
import { GeneralProtectionFault, UnsupportedCpuMode } from './cpu-faults.js';
import { decodeLinear, type LinearParts } from './linear-address.js';
import type { WalkContext } from './page-walk.js';
import { Tlb, type TlbOptions } from './tlb.js';

/** CR0.PE (protection enable). */
export const CR0_PE = 1 << 0;
/** CR0.WP (supervisor writes honour read-only pages). */
export const CR0_WP = 1 << 16;
/** CR0.PG (paging). */
export const CR0_PG = 0x80000000;
/** CR4.PAE. */
export const CR4_PAE = 1 << 5;
/** CR4.PGE (global pages). */
export const CR4_PGE = 1 << 7;
/** CR4.LA57 (5-level paging, 57-bit linear addresses). */
export const CR4_LA57 = 1 << 12;
/** CR4.PCIDE (process-context identifiers). */
export const CR4_PCIDE = 1 << 17;
/** EFER.LME (long mode enable). */
export const EFER_LME = 1 << 8;
/** EFER.LMA (long mode active; set by the CPU). */
export const EFER_LMA = 1 << 10;
/** EFER.NXE (execute-disable enable). */
export const EFER_NXE = 1 << 11;
/** CR3 bit 63: with CR4.PCIDE, do not flush the new PCID's entries. */
export const CR3_NOFLUSH = 1n << 63n;

const CR3_RESERVED = ((1n << 63n) - 1n) & ~((1n << 52n) - 1n); // bits 62:52 (MAXPHYADDR 52)
const CR3_ROOT_MASK = ((1n << 52n) - 1n) & ~0xfffn;
const INVPCID_TYPES = ['individual-address', 'single-context', 'all-context-including-globals', 'all-context'] as const;

/** Options of a {@link CpuState}. */
export interface CpuOptions extends TlbOptions {
  /** The CPU number (APIC ID). */
  readonly id: number;
}

/** Settings for {@link CpuState.enterLongMode}. */
export interface LongModeSetup {
  /** Physical address of the PML4 (or PML5), 4 KiB aligned. */
  readonly root: number;
  readonly la57?: boolean;
  readonly pge?: boolean;
  readonly nxe?: boolean;
  /** CR0.WP; default true. */
  readonly wp?: boolean;
  /** Enable PCIDs and load this PCID (1..4095 or 0). */
  readonly pcid?: number;
}

/** One CPU's control registers and TLB. */
export class CpuState implements WalkContext {
  /** The CPU number. */
  readonly id: number;
  /** This CPU's TLB. */
  readonly tlb: Tlb;
  /** CR2: the linear address of the last page fault. */
  cr2 = 0n;
  private _cr0 = 0x60000010;
  private _cr3 = 0n;
  private _cr4 = 0;
  private _efer = 0;
  // Derived from the registers on every write; read on the translation hot path.
  private _paging = false;
  private _root = 0;
  private _pcid = 0;
  private _levels = 4;
  private _nxe = false;
  private _wp = false;
  private _pge = false;
  private _la57 = false;
  private _pcide = false;

  constructor(opts: CpuOptions) {
    this.id = opts.id;
    this.tlb = new Tlb(opts);
  }

  get cr0(): number { return this._cr0; }
  /** CR3 as the CPU holds it (bit 63 is never stored). */
  get cr3(): bigint { return this._cr3; }
  get cr4(): number { return this._cr4; }
  get efer(): number { return this._efer; }
  /** CR0.PG. */
  get paging(): boolean { return this._paging; }
  /** Physical address of the top-level table (CR3 bits 51:12). */
  get root(): number { return this._root; }
  /** The current PCID (0 unless CR4.PCIDE). */
  get pcid(): number { return this._pcid; }
  /** 4, or 5 with CR4.LA57. */
  get levels(): number { return this._levels; }
  get nxe(): boolean { return this._nxe; }
  get wp(): boolean { return this._wp; }
  get pge(): boolean { return this._pge; }
  get la57(): boolean { return this._la57; }
  get pcide(): boolean { return this._pcide; }

  /**
   * MOV to CR0.
   * @throws GeneralProtectionFault for PG without PE, PG with LME but not PAE, clearing PG while PCIDE.
   * @throws UnsupportedCpuMode for PG without LME (legacy paging).
   */
  writeCr0(value: number): void {
    value = this.checkU32('MOV CR0', value);
    const pg = (value & CR0_PG) !== 0;
    const was = this._paging;
    if (pg && (value & CR0_PE) === 0) this.gp('MOV CR0', 'CR0.PG set without CR0.PE', value);
    if (pg && !was && (this._efer & EFER_LME) !== 0 && (this._cr4 & CR4_PAE) === 0) {
      this.gp('MOV CR0', 'enabling paging with EFER.LME=1 requires CR4.PAE=1', value);
    }
    if (!pg && was && this._pcide) this.gp('MOV CR0', 'clearing CR0.PG while CR4.PCIDE=1', value);
    if (pg && !was && (this._efer & EFER_LME) === 0) throw new UnsupportedCpuMode(this.id, 'paging without EFER.LME (32-bit/PAE paging)');
    this._cr0 = value >>> 0;
    if (pg !== was) {
      this._efer = pg ? this._efer | EFER_LMA : this._efer & ~EFER_LMA;
      this.tlb.stats.flushes.cr0++;
      this.tlb.stats.cycles += this.tlb.costs.globalFlush;
      this.tlb.flushAll(); // a change of CR0.PG invalidates every TLB entry (SDM §4.10.4.1)
    }
    this.derive();
  }

  /**
   * MOV to CR3. With CR4.PCIDE, bits 11:0 are the PCID and bit 63 set skips the flush; otherwise
   * every non-global entry is flushed.
   * @throws GeneralProtectionFault for reserved bits 62:52, or bit 63 without PCIDE.
   */
  writeCr3(value: bigint): void {
    if (value < 0n || value >= 1n << 64n) this.gp('MOV CR3', 'not a 64-bit value', value);
    if ((value & CR3_RESERVED) !== 0n) this.gp('MOV CR3', 'reserved bits 62:52 set (MAXPHYADDR 52)', value);
    const noFlush = (value & CR3_NOFLUSH) !== 0n;
    if (noFlush && !this._pcide) this.gp('MOV CR3', 'bit 63 set while CR4.PCIDE=0', value);
    this._cr3 = value & ~CR3_NOFLUSH;
    this.derive();
    const st = this.tlb.stats;
    if (noFlush) {
      st.flushes.cr3NoFlush++;
      st.cycles += this.tlb.costs.cr3NoFlush;
    } else {
      st.flushes.cr3++;
      st.cycles += this.tlb.costs.contextFlush;
      this.tlb.flushPcid(this._pcid);
    }
  }

  /**
   * MOV to CR4.
   * @throws GeneralProtectionFault for PCIDE set outside long mode or with CR3[11:0] != 0, PAE
   * cleared in long mode, LA57 changed in long mode.
   */
  writeCr4(value: number): void {
    value = this.checkU32('MOV CR4', value);
    const old = this._cr4;
    const lma = (this._efer & EFER_LMA) !== 0;
    const changed = old ^ value;
    if (value & CR4_PCIDE && !(old & CR4_PCIDE)) {
      if (!lma) this.gp('MOV CR4', 'setting CR4.PCIDE outside IA-32e mode', value);
      if ((this._cr3 & 0xfffn) !== 0n) this.gp('MOV CR4', `setting CR4.PCIDE with CR3[11:0] = ${this._cr3 & 0xfffn}`, value);
    }
    if (lma && !(value & CR4_PAE)) this.gp('MOV CR4', 'clearing CR4.PAE in IA-32e mode', value);
    if (lma && changed & CR4_LA57) this.gp('MOV CR4', 'changing CR4.LA57 in IA-32e mode', value);
    this._cr4 = value >>> 0;
    this.derive();
    // PGE changed, or PCIDE 1 -> 0: flush everything (SDM §4.10.4.1). PAE changes need paging off, where nothing is cached.
    if (changed & CR4_PGE || (old & CR4_PCIDE && !(value & CR4_PCIDE))) {
      this.tlb.stats.flushes.cr4++;
      this.tlb.stats.cycles += this.tlb.costs.globalFlush;
      this.tlb.flushAll();
    }
  }

  /**
   * WRMSR IA32_EFER. LMA is read-only (the written bit is ignored).
   * @throws GeneralProtectionFault for changing LME while paging is on.
   */
  writeEfer(value: number): void {
    value = this.checkU32('WRMSR EFER', value);
    if (this._paging && ((value ^ this._efer) & EFER_LME)) this.gp('WRMSR EFER', 'changing EFER.LME while CR0.PG=1', value);
    this._efer = ((value & ~EFER_LMA) | (this._efer & EFER_LMA)) >>> 0;
    this.derive();
  }

  /**
   * INVLPG: drops the current PCID's entries and the global entries for the page holding `vaddr`,
   * for every page size. A no-op on a non-canonical address.
   */
  invlpg(vaddr: bigint): void {
    const st = this.tlb.stats;
    st.flushes.invlpg++;
    st.cycles += this.tlb.costs.invlpg;
    if (decodeLinear(vaddr, this._la57, scratch)) this.tlb.invalidatePage(scratch.vpn, this._pcid, 'invlpg');
  }

  /**
   * INVPCID (SDM Vol. 2): type 0 one address of `pcid` (non-global), 1 all non-global entries of
   * `pcid`, 2 everything including globals, 3 all non-global entries of every PCID.
   * @throws GeneralProtectionFault for a type above 3, a PCID above 4095, a non-canonical address
   * with type 0, or types 0/1 with a non-zero PCID while CR4.PCIDE=0.
   */
  invpcid(type: number, pcid: number, vaddr = 0n): void {
    if (!(Number.isInteger(type) && type >= 0 && type <= 3)) this.gp('INVPCID', 'invalid INVPCID type', type);
    if (!(Number.isInteger(pcid) && pcid >= 0 && pcid <= 0xfff)) this.gp('INVPCID', 'descriptor bits 63:12 not zero (PCID > 4095)', pcid);
    if (type <= 1 && !this._pcide && pcid !== 0) this.gp('INVPCID', `type ${type} with PCID ${pcid} while CR4.PCIDE=0`, pcid);
    const tlb = this.tlb;
    const st = tlb.stats;
    switch (type) {
      case 0:
        if (!decodeLinear(vaddr, this._la57, scratch)) this.gp('INVPCID', 'type 0 with a non-canonical address', vaddr);
        st.flushes.invpcid0++;
        st.cycles += tlb.costs.invpcidAddress;
        tlb.invalidatePage(scratch.vpn, pcid, 'invpcid');
        break;
      case 1:
        st.flushes.invpcid1++;
        st.cycles += tlb.costs.contextFlush;
        tlb.flushPcid(pcid);
        break;
      case 2:
        st.flushes.invpcid2++;
        st.cycles += tlb.costs.globalFlush;
        tlb.flushAll();
        break;
      default:
        st.flushes.invpcid3++;
        st.cycles += tlb.costs.contextFlush;
        tlb.flushNonGlobal();
    }
  }

  /** The name of INVPCID type `t`. */
  static invpcidTypeName(t: 0 | 1 | 2 | 3): string {
    return INVPCID_TYPES[t];
  }

  /**
   * Performs the architectural sequence from protected mode without paging into IA-32e paging:
   * CR4.PAE (+LA57, PGE), CR3, EFER.LME (+NXE), CR0.PE|PG (+WP), then CR4.PCIDE and the PCID.
   */
  enterLongMode(s: LongModeSetup): void {
    if (this._paging) throw new UnsupportedCpuMode(this.id, 'enterLongMode with paging already on');
    this.writeCr4(CR4_PAE | (s.la57 ? CR4_LA57 : 0) | (s.pge ? CR4_PGE : 0));
    this.writeCr3(BigInt(s.root));
    this.writeEfer(EFER_LME | (s.nxe ? EFER_NXE : 0));
    this.writeCr0(CR0_PE | CR0_PG | (s.wp === false ? 0 : CR0_WP) | 0x10);
    if (s.pcid !== undefined) {
      this.writeCr4(this._cr4 | CR4_PCIDE);
      this.writeCr3(BigInt(s.root) | BigInt(s.pcid));
    }
  }

  /** Loads a new root (and PCID) as MOV to CR3 does, keeping the PCID's entries when `noFlush`. */
  switchRoot(root: number, pcid = 0, noFlush = false): void {
    this.writeCr3(BigInt(root) | BigInt(pcid) | (noFlush ? CR3_NOFLUSH : 0n));
  }

  private derive(): void {
    // A control register changed: what a cached MMU hit allows may have (CR0.WP, EFER.NXE, paging).
    this.tlb.voidFront();
    this._paging = (this._cr0 & CR0_PG) !== 0;
    this._wp = (this._cr0 & CR0_WP) !== 0;
    this._pge = (this._cr4 & CR4_PGE) !== 0;
    this._la57 = (this._cr4 & CR4_LA57) !== 0;
    this._pcide = (this._cr4 & CR4_PCIDE) !== 0;
    this._levels = this._la57 ? 5 : 4;
    this._nxe = (this._efer & EFER_NXE) !== 0;
    this._root = Number(this._cr3 & CR3_ROOT_MASK);
    this._pcid = this._pcide ? Number(this._cr3 & 0xfffn) : 0;
  }

  // Accepts a u32 or the int32 that `|` of the bit constants gives (CR0_PG is bit 31).
  private checkU32(instruction: string, value: number): number {
    if (!(Number.isInteger(value) && value >= -0x80000000 && value <= 0xffffffff)) this.gp(instruction, 'not a 32-bit value (bits 63:32 are reserved)', value);
    return value >>> 0;
  }

  private gp(instruction: string, reason: string, value: number | bigint): never {
    throw new GeneralProtectionFault(this.id, instruction, reason, value);
  }
}

const scratch: LinearParts = { vpn: 0, offset: 0 };
