/**
 * Verification Target 6 (memory safety of VmReader and VmWriter) as O(1) checks of one step:
 * the state [cursor, end) before and after an operation and the bytes it touched.
 *
 * 1. Monotonic range reduction: [cursor', end') lies inside [cursor, end).
 * 2. Cursor boundary: cursor <= end, before and after.
 * 3. Memory access confinement: the bytes touched lie inside [cursor, end) as it was before.
 *
 * Positions are offsets in the reader's or writer's address space; `base` turns them into
 * addresses (the linear-mapping base for physical memory, 0 for a byte slice).
 * @module
 */
import { Target6Violation, type Target6Property } from './errors.js';

/** Which object took the step. */
export type ReaderWriterSide = 'VmReader' | 'VmWriter';

/** One operation of a reader or writer, as its bounds saw it. */
export interface ReaderWriterStep {
  readonly side: ReaderWriterSide;
  /** The Rust method: `from_raw_parts`, `limit`, `skip`, `read`, `write`, `read_val`, `write_val`, `fill`. */
  readonly op: string;
  /** The address of position 0 (so an address is `base + BigInt(position)`). */
  readonly base: bigint;
  readonly cursorBefore: number;
  readonly endBefore: number;
  readonly cursorAfter: number;
  readonly endAfter: number;
  /** First byte touched (meaningful when accessLen > 0). */
  readonly accessStart: number;
  /** Bytes touched; 0 for limit, skip and empty copies. */
  readonly accessLen: number;
}

/** One broken property of a step. */
export interface Target6Problem {
  readonly property: Target6Property;
  readonly detail: string;
}

/** Every property of Target 6 that `step` breaks (none for a good step). */
export function readerWriterStepProblems(step: ReaderWriterStep): Target6Problem[] {
  const s = step;
  const out: Target6Problem[] = [];
  const at = (p: number): string => `0x${(s.base + BigInt(p)).toString(16)}`;
  const where = `${s.side}::${s.op}`;
  if (s.cursorBefore > s.endBefore || s.cursorAfter > s.endAfter) {
    out.push({ property: 'cursor boundary', detail: `${where}: cursor ${at(s.cursorAfter)} > end ${at(s.endAfter)} (before: ${at(s.cursorBefore)}, ${at(s.endBefore)})` });
  }
  if (s.cursorAfter < s.cursorBefore || s.endAfter > s.endBefore) {
    out.push({ property: 'monotonic range reduction', detail: `${where}: [${at(s.cursorBefore)}, ${at(s.endBefore)}) became [${at(s.cursorAfter)}, ${at(s.endAfter)})` });
  }
  if (s.accessLen > 0 && (s.accessStart < s.cursorBefore || s.accessStart + s.accessLen > s.endBefore)) {
    out.push({ property: 'memory access confinement', detail: `${where}: touched [${at(s.accessStart)}, ${at(s.accessStart + s.accessLen)}) outside [${at(s.cursorBefore)}, ${at(s.endBefore)})` });
  }
  return out;
}

/**
 * Checks one step in O(1).
 * @throws Target6Violation naming the first broken property.
 */
export function checkReaderWriterStep(step: ReaderWriterStep): void {
  const s = step;
  // The fast path compares numbers only; the message is built when something broke.
  const ok =
    s.cursorBefore <= s.endBefore && s.cursorAfter <= s.endAfter &&
    s.cursorAfter >= s.cursorBefore && s.endAfter <= s.endBefore &&
    (s.accessLen === 0 || (s.accessStart >= s.cursorBefore && s.accessStart + s.accessLen <= s.endBefore));
  if (ok) return;
  const first = readerWriterStepProblems(step)[0]!;
  throw new Target6Violation(first.property, first.detail);
}

/** A list to record steps into, and the `onStep` callback that fills it. */
export function recordReaderWriterSteps(): { readonly steps: ReaderWriterStep[]; readonly onStep: (step: ReaderWriterStep) => void } {
  const steps: ReaderWriterStep[] = [];
  return { steps, onStep: (step) => void steps.push(step) };
}
