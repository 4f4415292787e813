/** How commands print: exact JSON for scripts, a table for people. */
import * as aq from 'arquero';
import { stringifyExact } from '../util/exact-json.js';

/** Writes `value` as exact JSON (bigints as integer literals) to stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(stringifyExact(value, 2) + '\n');
}

/** Writes rows as a text table to stdout. */
export function printTable(rows: Record<string, unknown>[]): void {
  if (rows.length === 0) {
    process.stdout.write('(none)\n');
    return;
  }
  const plain = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? hex(v) : v])));
  process.stdout.write(aq.from(plain).toMarkdown() + '\n');
}

/** A bigint address as 0x-hex. */
export function hex(v: bigint): string {
  return '0x' + v.toString(16);
}
