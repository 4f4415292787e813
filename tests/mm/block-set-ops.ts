/** The block-set operations the BlockSet and BlockRun properties draw, on blocks from `blockArb`. */
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
