/**
 * vega expressions that label physical addresses, for axis `labelExpr`.
 * They run inside vega (not TypeScript), on `datum.value`.
 */

/** How address axes are labelled: `0x…` hex, or binary sizes (KiB, MiB, …). */
export type AddressFormat = 'hex' | 'size';

const UNITS: readonly [number, string][] = [
  [2 ** 40, 'TiB'],
  [2 ** 30, 'GiB'],
  [2 ** 20, 'MiB'],
  [2 ** 10, 'KiB'],
];

/** A vega expression formatting `datum.value` as an address label. */
export function addressLabelExpr(format: AddressFormat): string {
  if (format === 'hex') return "'0x' + format(datum.value, 'x')";
  let expr = "format(datum.value, '~g') + ' B'";
  for (let i = UNITS.length - 1; i >= 0; i--) {
    const [size, unit] = UNITS[i] as [number, string];
    expr = `datum.value >= ${size} ? format(datum.value / ${size}, '~g') + ' ${unit}' : (${expr})`;
  }
  return expr;
}
