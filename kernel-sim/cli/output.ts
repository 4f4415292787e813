/** How commands print: exact JSON for scripts, tables for people. */
import { stringifyExact } from '../util/exact-json.js';
import { formatTable, type Cell, type TableOptions } from './table.js';

/** Writes `value` as exact JSON (bigints as integer literals) to stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(stringifyExact(value, 2) + '\n');
}

/** Writes rows as a text table (split to fit the terminal) to stdout. */
export function printTable(rows: readonly Record<string, Cell>[], options?: TableOptions): void {
  process.stdout.write(formatTable(rows, options));
}

/** A bigint address as 0x-hex. */
export function hex(v: bigint | number): string {
  return '0x' + v.toString(16);
}
