/**
 * Text tables for people, as `ps` or `free` print them: a header line, columns aligned (numbers
 * to the right), and a table wider than the terminal split into several tables that each fit,
 * the first column repeated in each.
 * @module
 */

/** A cell: numbers right-aligned, bigints as hex, `null`/`undefined` as an empty cell. */
export type Cell = string | number | bigint | boolean | null | undefined;

/** Options of {@link formatTable}. */
export interface TableOptions {
  /** Line width to fit (default: the terminal's, 100 when not on one). */
  width?: number;
  /** A title line above the table. */
  title?: string;
  /** Column order (default: the rows' keys, which put integer-like keys first). */
  columns?: readonly string[];
}

const GAP = '  ';

function text(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'bigint') return '0x' + v.toString(16);
  return String(v);
}

/** The width of the terminal stdout is on, or 100. */
export function terminalWidth(): number {
  return process.stdout.isTTY && process.stdout.columns ? process.stdout.columns : 100;
}

/** `rows` as aligned text (one or more tables), ending in a newline; `(none)` for no rows. */
export function formatTable(rows: readonly Record<string, Cell>[], options: TableOptions = {}): string {
  const head = options.title ? `${options.title}\n` : '';
  if (rows.length === 0) return `${head}(none)\n`;
  const columns = options.columns ? [...options.columns] : [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cells = rows.map((r) => columns.map((c) => text(r[c])));
  const numeric = columns.map((_, j) => rows.every((r) => { const v = r[columns[j]!]; return v === null || v === undefined || typeof v === 'number' || typeof v === 'bigint' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)); }));
  const widths = columns.map((c, j) => Math.max(c.length, ...cells.map((row) => row[j]!.length)));
  const width = options.width ?? terminalWidth();
  // Column groups that fit the width; every group after the first repeats column 0 as the key.
  const groups: number[][] = [];
  let group: number[] = [0];
  let used = widths[0]!;
  for (let j = 1; j < columns.length; j++) {
    if (group.length > 1 && used + GAP.length + widths[j]! > width) {
      groups.push(group);
      group = [0];
      used = widths[0]!;
    }
    group.push(j);
    used += GAP.length + widths[j]!;
  }
  groups.push(group);
  const line = (values: string[], g: number[]) =>
    g.map((j, k) => (numeric[j] ? values[k]!.padStart(widths[j]!) : values[k]!.padEnd(widths[j]!))).join(GAP).trimEnd();
  const tables = groups.map((g) => [line(g.map((j) => columns[j]!), g), ...cells.map((row) => line(g.map((j) => row[j]!), g))].join('\n'));
  return head + tables.join('\n\n') + '\n';
}
