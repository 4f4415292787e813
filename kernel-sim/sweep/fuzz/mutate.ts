/**
 * Seeded byte mutations of a real input, the way a parser fuzzer mutates its corpus: byte
 * overwrites, u32 overwrites with boundary values (sizes and counts!), cuts and zero-filled
 * insertions. The same generator state gives the same mutant.
 * @module
 */
import type { SeededRng } from '../../util/seeded-rng.js';

/** u32 values that sit on parser boundaries. */
const INTERESTING_U32 = [0, 1, 7, 8, 16, 24, 0xffff_ffff, 0x8000_0000, 0x7fff_ffff];

/** One mutation, as data (so a crash can be described). */
export interface Mutation {
  readonly kind: 'byte' | 'u32' | 'cut' | 'insert';
  readonly at: number;
  readonly value: number;
}

/** Draws up to `max` (at least one) mutations. */
export function drawMutations(rng: SeededRng, max: number): Mutation[] {
  const n = 1 + rng.below(max);
  const out: Mutation[] = [];
  for (let i = 0; i < n; i++) {
    const k = rng.below(4);
    const at = rng.below(0x4000_0000);
    if (k === 0) out.push({ kind: 'byte', at, value: rng.below(256) });
    else if (k === 1) out.push({ kind: 'u32', at, value: rng.below(2) === 0 ? INTERESTING_U32[rng.below(INTERESTING_U32.length)]! : rng.int(0, 0x7fff_ffff) * 2 + rng.below(2) });
    else if (k === 2) out.push({ kind: 'cut', at, value: 0 });
    else out.push({ kind: 'insert', at, value: 1 + rng.below(64) });
  }
  return out;
}

/** `bytes` with `muts` applied in order (the input is not changed). */
export function applyMutations(bytes: Uint8Array, muts: readonly Mutation[]): Uint8Array {
  let d = bytes.slice();
  for (const m of muts) {
    const at = d.length === 0 ? 0 : m.at % d.length;
    if (m.kind === 'byte') {
      if (d.length > 0) d[at] = m.value;
    } else if (m.kind === 'u32') {
      if ((at & ~3) + 4 <= d.length) new DataView(d.buffer, d.byteOffset, d.length).setUint32(at & ~3, m.value >>> 0, true);
    } else if (m.kind === 'cut') {
      d = d.slice(0, at);
    } else {
      const grown = new Uint8Array(d.length + m.value);
      grown.set(d.subarray(0, at), 0);
      grown.set(d.subarray(at), at + m.value);
      d = grown;
    }
  }
  return d;
}
