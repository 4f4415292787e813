/**
 * e820 memory maps from Linux boot logs. Two line forms are read:
 * modern `BIOS-e820: [mem 0xSTART-0xLAST] type` (inclusive last byte) and
 * legacy ` BIOS-e820: START - END (type)` (exclusive end, kernels before 3.x).
 * Type names are those of `e820_print_type()` in arch/x86/kernel/e820.c.
 * @module
 */
import { KernelSimError } from '../util/errors.js';

/** One e820 entry, in Multiboot2 memory-map terms. */
export interface E820Entry {
  readonly base: bigint;
  readonly length: bigint;
  /** The e820 type number (1 usable, 2 reserved, 3 ACPI data, 4 ACPI NVS, 5 unusable, ...). */
  readonly type: number;
  /** 1-based line number in the text it came from. */
  readonly line: number;
}

/** A BIOS-e820 line that could not be read, with its line and column. */
export class E820ParseError extends KernelSimError {
  constructor(
    readonly line: number,
    readonly column: number,
    detail: string,
  ) {
    super(`e820 text line ${line}, column ${column}: ${detail}`);
  }
}

const TYPE_NAMES: ReadonlyMap<string, number> = new Map([
  ['usable', 1],
  ['reserved', 2],
  ['ACPI data', 3],
  ['ACPI NVS', 4],
  ['unusable', 5],
  ['persistent (type 7)', 7],
  ['persistent (type 12)', 12],
  ['soft reserved', 0xefffffff],
  ['reserved kern', 128],
]);

const MODERN = /BIOS-e820: \[mem 0x([0-9a-fA-F]+)-0x([0-9a-fA-F]+)\] (.+?)\s*$/;
const LEGACY = /BIOS-e820: ([0-9a-fA-F]+) - ([0-9a-fA-F]+) \((.+)\)\s*$/;
const U64_LIMIT = 1n << 64n;

function typeNumber(name: string, line: number, column: number): number {
  const known = TYPE_NAMES.get(name);
  if (known !== undefined) return known;
  const m = /^type (\d+)$/.exec(name);
  if (m) return Number(m[1]);
  throw new E820ParseError(line, column, `unknown e820 type '${name}'`);
}

/** True when `text` holds at least one BIOS-e820 line. */
export function looksLikeE820(text: string): boolean {
  return /BIOS-e820: /.test(text);
}

/**
 * Reads every `BIOS-e820:` line of a boot log, in order; other lines are ignored.
 * @throws E820ParseError for a BIOS-e820 line of neither form, an end before its start, an
 *   unknown type name, or a text with no BIOS-e820 line at all.
 */
export function parseE820(text: string): E820Entry[] {
  const out: E820Entry[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const at = raw.indexOf('BIOS-e820: ');
    if (at < 0) return;
    const modern = MODERN.exec(raw);
    const legacy = modern ? null : LEGACY.exec(raw);
    const m = modern ?? legacy;
    if (!m) throw new E820ParseError(line, at + 1, `not a BIOS-e820 entry of either form: '${raw.trim()}'`);
    const start = BigInt('0x' + m[1]);
    const last = BigInt('0x' + m[2]);
    const end = modern ? last + 1n : last;
    const typeColumn = raw.lastIndexOf(m[3]!) + 1;
    if (end <= start) throw new E820ParseError(line, at + 1, `end 0x${m[2]} is not above start 0x${m[1]}`);
    if (end > U64_LIMIT) throw new E820ParseError(line, at + 1, `end 0x${end.toString(16)} passes 2^64`);
    out.push({ base: start, length: end - start, type: typeNumber(m[3]!, line, typeColumn), line });
  });
  if (out.length === 0) throw new E820ParseError(1, 1, 'no BIOS-e820 lines found');
  return out;
}
