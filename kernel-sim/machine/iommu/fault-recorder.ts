/**
 * Primary fault logging of a remapping unit (VT-d spec §7.2.1, §7.3.1, §10.4.9-10.4.14): the
 * ring of fault-recording registers, FSTS (PFO, PPF, FRI), FECTL (IM, IP), FEDATA/FEADDR/
 * FEUADDR, and the fault-event MSI. The recording and interrupt logic follows QEMU's
 * `vtd_report_frcd_fault`, `vtd_generate_fault_event`, `vtd_handle_fsts_write` and
 * `vtd_handle_fectl_write` (shared/reference/hardware-and-metrics.md §3.5-3.6):
 * - PFO already set: the fault is dropped (lost).
 * - a pending record (F=1) with the same SID: the fault is collapsed into it.
 * - the next record's F is still set: PFO is set (the fault is lost) and a fault event raised.
 * - else the record is written at the next index (wrapping), FRI set to it only if PPF was clear.
 * - a fault event sends the MSI only if none of PPF, PFO, IQE was already set and IM=0;
 *   with IM=1 it sets IP, and clearing IM then sends the MSI and clears IP.
 * - IP clears when software has cleared PFO, every F (so PPF) and IQE.
 * F (record bit 127) and PFO are RW1CS: writing 1 clears, writing 0 leaves them. PPF is read-only
 * and derived from the F bits. Records are only written by hardware.
 * @module
 */
import {
  FECTL_IM, FECTL_IP, FRCD_W2_SID_MASK, FRCD_W3_F, FRCD_W3_FR_MASK, FRCD_W3_T, FSTS_FRI_SHIFT, FSTS_IQE, FSTS_PFO,
  FSTS_PPF, FSTS_RW1C_MASK,
} from './registers.js';
import type { MsiSink } from './msi-sink.js';

/** Counters of fault logging. */
export interface FaultStats {
  /** Faults written into a record. */
  recorded: number;
  /** Faults collapsed into a pending record of the same source. */
  collapsed: number;
  /** Faults dropped because PFO was already set. */
  droppedPfo: number;
  /** Faults that found the next record still pending: PFO set, fault lost. */
  overflowed: number;
  /** Qualified faults not recorded because the context entry has FPD=1. */
  suppressedFpd: number;
  /** Fault-event MSIs sent. */
  interrupts: number;
  /** Fault events held pending (IP set) because IM was set. */
  heldPending: number;
  /** Fault events that sent nothing because a status field was already set. */
  coalescedEvents: number;
}

/** What became of one fault. */
export type FaultOutcome = 'recorded' | 'collapsed' | 'dropped-pfo' | 'overflow' | 'suppressed-fpd';

/** One fault as the unit saw it (for metrics and timelines). */
export interface FaultEvent {
  /** The unit's cycle clock at the fault. */
  readonly cycle: number;
  readonly sourceId: number;
  /** The faulting device address, page-aligned (FI). */
  readonly address: number;
  readonly reason: number;
  readonly write: boolean;
  readonly outcome: FaultOutcome;
  /** The record index written (outcome 'recorded'), else -1. */
  readonly index: number;
  /** True when this fault sent an MSI. */
  readonly interrupt: boolean;
}

/** A decoded fault-recording register. */
export interface FaultRecord {
  readonly fault: boolean;
  readonly sourceId: number;
  readonly address: number;
  readonly reason: number;
  /** T: true for a read request. */
  readonly read: boolean;
}

const TWO32 = 4294967296;

/** The fault-recording registers and fault event registers of one unit. */
export class FaultRecorder {
  /** Counters. */
  readonly stats: FaultStats = {
    recorded: 0, collapsed: 0, droppedPfo: 0, overflowed: 0, suppressedFpd: 0, interrupts: 0, heldPending: 0, coalescedEvents: 0,
  };
  /** Called for every fault (set by whoever wants a timeline). */
  onFault: ((e: FaultEvent) => void) | null = null;
  // Four u32 words per record: w0 = FI low, w1 = FI high, w2 = SID (| PP), w3 = FR | T | F.
  private readonly words: Uint32Array;
  private next = 0;
  private pfo = false;
  private fri = 0;
  private iqe = false;
  private im = true;
  private ip = false;
  private fedata = 0;
  private feaddr = 0;
  private feuaddr = 0;
  private pendingCount = 0;

  /**
   * @param count number of records (CAP.NFR + 1)
   * @param msi where fault-event messages go (null: nowhere, as with no interrupt controller)
   */
  constructor(readonly count: number, public msi: MsiSink | null) {
    this.words = new Uint32Array(count * 4);
  }

  /** FSTS as read: PFO, PPF (derived from the F bits), IQE, FRI. */
  get fsts(): number {
    return ((this.pfo ? FSTS_PFO : 0) | (this.pendingCount > 0 ? FSTS_PPF : 0) | (this.iqe ? FSTS_IQE : 0) | (this.fri << FSTS_FRI_SHIFT)) >>> 0;
  }

  /** FECTL as read: IM and IP. */
  get fectl(): number {
    return ((this.im ? FECTL_IM : 0) | (this.ip ? FECTL_IP : 0)) >>> 0;
  }

  get feDataReg(): number { return this.fedata; }
  get feAddrReg(): number { return this.feaddr; }
  get feUpperAddrReg(): number { return this.feuaddr; }

  /** Index the next fault would be recorded at. */
  get nextIndex(): number {
    return this.next;
  }

  /** Number of records with F set. */
  get pending(): number {
    return this.pendingCount;
  }

  /** Writes FSTS: 1s clear the RW1C bits; PPF and FRI are read-only. */
  writeFsts(value: number): void {
    const clear = value & FSTS_RW1C_MASK;
    if (clear & FSTS_PFO) this.pfo = false;
    if (clear & FSTS_IQE) this.iqe = false;
    this.maybeClearIp();
  }

  /** Writes FECTL: IM is read-write, IP read-only; clearing IM with IP set sends the held message. */
  writeFectl(value: number): void {
    this.im = (value & FECTL_IM) !== 0;
    if (this.ip && !this.im) {
      this.ip = false;
      this.send();
    }
  }

  writeFeData(value: number): void { this.fedata = value >>> 0; }
  /** FEADDR bits 1:0 are reserved (read as 0). */
  writeFeAddr(value: number): void { this.feaddr = (value & ~3) >>> 0; }
  writeFeUpperAddr(value: number): void { this.feuaddr = value >>> 0; }

  /** Reads word `w` (0..3) of record `i`. */
  readWord(i: number, w: number): number {
    return this.words[i * 4 + w]!;
  }

  /** Writes word `w` of record `i`: only F (bit 31 of word 3) is writable, as RW1C. */
  writeWord(i: number, w: number, value: number): void {
    if (w !== 3 || (value & FRCD_W3_F) === 0) return;
    const k = i * 4 + 3;
    if ((this.words[k]! & FRCD_W3_F) === 0) return;
    this.words[k] = (this.words[k]! & ~FRCD_W3_F) >>> 0;
    this.pendingCount--;
    this.maybeClearIp();
  }

  /** Record `i`, decoded. */
  record(i: number): FaultRecord {
    const b = i * 4;
    const w3 = this.words[b + 3]!;
    return {
      fault: (w3 & FRCD_W3_F) !== 0, sourceId: this.words[b + 2]! & FRCD_W2_SID_MASK,
      address: this.words[b]! + this.words[b + 1]! * TWO32, reason: w3 & FRCD_W3_FR_MASK, read: (w3 & FRCD_W3_T) !== 0,
    };
  }

  /** Notes a qualified fault FPD suppressed (nothing is recorded). */
  suppressed(cycle: number, sourceId: number, address: number, reason: number, write: boolean): void {
    this.stats.suppressedFpd++;
    this.emit(cycle, sourceId, address, reason, write, 'suppressed-fpd', -1, false);
  }

  /** Records a fault as the hardware does (see the module doc). */
  report(cycle: number, sourceId: number, address: number, reason: number, write: boolean): void {
    const page = address - (address % 4096);
    const before = this.fsts;
    if (this.pfo) {
      this.stats.droppedPfo++;
      this.emit(cycle, sourceId, page, reason, write, 'dropped-pfo', -1, false);
      return;
    }
    for (let i = 0; i < this.count; i++) {
      const b = i * 4;
      if ((this.words[b + 3]! & FRCD_W3_F) !== 0 && (this.words[b + 2]! & FRCD_W2_SID_MASK) === sourceId) {
        this.stats.collapsed++;
        this.emit(cycle, sourceId, page, reason, write, 'collapsed', -1, false);
        return;
      }
    }
    const n = this.next;
    if ((this.words[n * 4 + 3]! & FRCD_W3_F) !== 0) {
      this.pfo = true;
      this.stats.overflowed++;
      const sent = this.faultEvent(before);
      this.emit(cycle, sourceId, page, reason, write, 'overflow', -1, sent);
      return;
    }
    const b = n * 4;
    this.words[b] = page % TWO32;
    this.words[b + 1] = Math.floor(page / TWO32);
    this.words[b + 2] = sourceId & FRCD_W2_SID_MASK;
    this.words[b + 3] = (FRCD_W3_F | (write ? 0 : FRCD_W3_T) | (reason & FRCD_W3_FR_MASK)) >>> 0;
    this.pendingCount++;
    if ((before & FSTS_PPF) === 0) this.fri = n;
    this.next = (n + 1) % this.count;
    this.stats.recorded++;
    const sent = this.faultEvent(before);
    this.emit(cycle, sourceId, page, reason, write, 'recorded', n, sent);
  }

  /** Back to the reset state (records cleared, IM set), keeping the counters. */
  reset(): void {
    this.words.fill(0);
    this.next = 0;
    this.pfo = false;
    this.fri = 0;
    this.iqe = false;
    this.im = true;
    this.ip = false;
    this.fedata = 0;
    this.feaddr = 0;
    this.feuaddr = 0;
    this.pendingCount = 0;
  }

  // A new interrupt condition only if no status field was already set (QEMU vtd_generate_fault_event).
  private faultEvent(before: number): boolean {
    if ((before & (FSTS_PPF | FSTS_PFO | FSTS_IQE)) !== 0) {
      this.stats.coalescedEvents++;
      return false;
    }
    this.ip = true;
    if (this.im) {
      this.stats.heldPending++;
      return false;
    }
    this.ip = false;
    this.send();
    return true;
  }

  private send(): void {
    this.stats.interrupts++;
    this.msi?.deliver(this.feuaddr * TWO32 + this.feaddr, this.fedata);
  }

  private maybeClearIp(): void {
    if (this.ip && !this.pfo && this.pendingCount === 0 && !this.iqe) this.ip = false;
  }

  private emit(cycle: number, sourceId: number, address: number, reason: number, write: boolean, outcome: FaultOutcome, index: number, interrupt: boolean): void {
    this.onFault?.({ cycle, sourceId, address, reason, write, outcome, index, interrupt });
  }
}
