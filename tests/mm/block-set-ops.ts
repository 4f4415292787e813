/** The block-set properties' shared parts: the operations they draw, on blocks from `blockArb`, and the plain set's side of a word take. */
import fc from 'fast-check';

/** A membership operation on one block, or a lowest-block query. */
export type BlockOp = { kind: 'insert' | 'delete' | 'take' | 'has'; p: number } | { kind: 'pop' | 'min' };

/** Weighted arbitraries of {@link BlockOp}s: inserts and pops most, takes (`takeWeight`), then the rest. */
export function blockOpArbs(blockArb: fc.Arbitrary<number>, takeWeight: number): fc.WeightedArbitrary<BlockOp>[] {
  return [
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), p: blockArb }) },
    { weight: takeWeight, arbitrary: fc.record({ kind: fc.constant('take' as const), p: blockArb }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), p: blockArb }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('has' as const), p: blockArb }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('pop' as const) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('min' as const) }) },
  ];
}

/**
 * The plain set's side of popMin + takePoppedWord: removes the blocks of `popped`'s word (popped
 * itself already gone) from `ref` and returns them as the word's bits, bit i for base + i.
 */
export function takeRefWord(ref: Set<number>, popped: number): number {
  const base = popped - (popped % 32);
  let bits = 0;
  for (let i = 0; i < 32; i++) if (ref.delete(base + i)) bits |= 1 << i;
  return bits;
}
