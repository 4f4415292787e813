/**
 * A remapping unit's walk of one device address, entry by entry, with each entry's fields
 * decoded: what `kernel-sim iommu` prints, as `pagewalk` does for the MMU. Side-effect free:
 * no caches, no fault recording (the unit's current root table and TE state are used).
 * @module
 */
import { hex } from '../address.js';
import { FAULT_REASON_NAMES } from './fault-reason.js';
import type { DmaRemappingUnit } from './dma-remapping-unit.js';
import {
  addressLimit, newContextWalk, newSecondLevelWalk, walkContext, walkSecondLevel, type WalkStep,
} from './translation-walk.js';

/** One decoded step of a device walk. */
export interface DeviceWalkStep {
  readonly stage: string;
  readonly index: number;
  readonly entryAddress: string;
  /** The entry as hex (128-bit for root/context, 64-bit for second level). */
  readonly entry: string;
  /** Decoded fields, e.g. `P`, `FPD`, `TT=0`, `DID=1`, `R`, `W`, `PS`. */
  readonly fields: readonly string[];
  /** The table or page the entry points at. */
  readonly next: string;
}

/** A device walk. */
export interface DeviceWalk {
  readonly unit: string;
  readonly sourceId: string;
  readonly deviceAddress: string;
  readonly write: boolean;
  /** 'pass-through (TE clear)', 'pass-through (TT=10b)', 'translated' or 'blocked'. */
  readonly outcome: string;
  readonly steps: readonly DeviceWalkStep[];
  /** The physical address when not blocked. */
  readonly paddr?: string;
  readonly pageSize?: number;
  /** The fault reason and its description when blocked. */
  readonly fault?: { readonly reason: number; readonly description: string };
}

const TWO32 = 4294967296;

function u64(lo: number, hi: number): number {
  return lo + hi * TWO32;
}

function decode(s: WalkStep): DeviceWalkStep {
  const w = s.words;
  const entry = w.length === 4
    ? '0x' + [w[3]!, w[2]!, w[1]!, w[0]!].map((x) => x.toString(16).padStart(8, '0')).join('')
    : '0x' + [w[1]!, w[0]!].map((x) => x.toString(16).padStart(8, '0')).join('');
  const ptr = hex(u64((w[0]! & 0xfffff000) >>> 0, w[1]! & 0xfffff));
  const fields: string[] = [];
  let next = '';
  if (s.stage === 'root') {
    if (w[0]! & 1) fields.push('P');
    next = w[0]! & 1 ? `context table ${ptr}` : '';
  } else if (s.stage === 'context') {
    if (w[0]! & 1) fields.push('P');
    if (w[0]! & 2) fields.push('FPD');
    fields.push(`TT=${(w[0]! >>> 2) & 3}`, `AW=${w[2]! & 7}`, `DID=${(w[2]! >>> 8) & 0xffff}`);
    next = w[0]! & 1 ? `second-level table ${ptr}` : '';
  } else {
    if (w[0]! & 1) fields.push('R');
    if (w[0]! & 2) fields.push('W');
    if (w[0]! & 0x80) fields.push('PS');
    if (w[0]! & 0x800) fields.push('SNP');
    next = w[0]! & 3 ? ((w[0]! & 0x80) || s.stage === 1 ? `page ${ptr}` : `table ${ptr}`) : '';
  }
  return { stage: typeof s.stage === 'number' ? `SL${s.stage}` : s.stage, index: s.index, entryAddress: hex(s.entryAddress), entry, fields, next };
}

/** Walks `addr` for source `sid` through `unit`'s structures as they are in memory now. */
export function traceDeviceWalk(unit: DmaRemappingUnit, sid: number, addr: number, write = false): DeviceWalk {
  const head = { unit: unit.name, sourceId: hex(sid), deviceAddress: hex(addr), write };
  if (!unit.translationEnabled) return { ...head, outcome: 'pass-through (TE clear)', steps: [], paddr: hex(addr) };
  const trace: WalkStep[] = [];
  const blocked = (reason: number): DeviceWalk => ({
    ...head, outcome: 'blocked', steps: trace.map(decode), fault: { reason, description: FAULT_REASON_NAMES[reason] ?? 'unknown' },
  });
  const cw = newContextWalk();
  let r = walkContext(unit.memory, unit.rootTableAddress, sid, unit.limits, cw, trace);
  if (r !== 0) return blocked(r);
  if (cw.tt === 2) return { ...head, outcome: 'pass-through (TT=10b)', steps: trace.map(decode), paddr: hex(addr) };
  if (addr >= addressLimit(cw.levels, unit.capFields.mgaw)) return blocked(0x4);
  const sw = newSecondLevelWalk();
  r = walkSecondLevel(unit.memory, cw.table, cw.levels, addr, write, unit.limits, sw, trace);
  if (r !== 0) return blocked(r);
  const size = sw.level === 1 ? 4096 : sw.level === 2 ? 2 ** 21 : 2 ** 30;
  return { ...head, outcome: 'translated', steps: trace.map(decode), paddr: hex(sw.base + (addr % size)), pageSize: size };
}
