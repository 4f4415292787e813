/**
 * JSON text with exact integers: bigints are written as plain integer literals of any size
 * (valid JSON; readers with big-number support, such as Python's json or jq 1.7, keep them
 * exact), byte arrays as hex strings.
 * @module
 */

const MARK = '\u0000bigint:';

/** JSON.stringify that writes bigints as exact integer literals and Uint8Arrays as hex. */
export function stringifyExact(value: unknown, indent?: number): string {
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'bigint') return MARK + v.toString();
      if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
      return v;
    },
    indent,
  );
  // The mark cannot occur in real strings: JSON.stringify escapes NUL as \u0000.
  return text.replace(/"\\u0000bigint:(-?\d+)"/g, '$1');
}
