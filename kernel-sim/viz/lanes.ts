/**
 * Lane packing for interval charts: items that overlap go on separate lanes, so an address
 * strip shows a range listed twice as two bars instead of one bar drawn over another.
 * @module
 */

/**
 * Gives each item the lowest lane (0, 1, ...) on which it overlaps no earlier item.
 * Items are taken in order of start; the result is in the input's order.
 */
export function packLanes<T>(items: readonly T[], start: (t: T) => bigint, end: (t: T) => bigint): number[] {
  const order = items.map((_, i) => i).sort((a, b) => {
    const d = start(items[a]!) - start(items[b]!);
    return d < 0n ? -1 : d > 0n ? 1 : a - b;
  });
  const laneEnds: bigint[] = [];
  const lanes = new Array<number>(items.length);
  for (const i of order) {
    const s = start(items[i]!);
    let lane = laneEnds.findIndex((e) => e <= s);
    if (lane < 0) lane = laneEnds.length;
    laneEnds[lane] = end(items[i]!);
    lanes[i] = lane;
  }
  return lanes;
}
