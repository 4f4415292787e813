/**
 * The path view of a page table (the seed's `PageTablePathModel`): for a virtual page, the
 * sequence of table entries a walk from the root reads, down to the leaf. It is read the way the
 * processor reads it — with the hardware's bit layout (`machine/pte-bits.ts`), not the kernel's
 * PTE code — so comparing it with the tree the kernel built checks the kernel's encoding too.
 * @module
 */
import { HI_ADDR, LO_P, LO_PS, type PhysicalMemory } from '../../machine/index.js';

const TWO32 = 4294967296;
// Pages under one entry of each level (index level - 1): 512^(level - 1), up to 5 levels.
const SPAN = [1, 512, 512 ** 2, 512 ** 3, 512 ** 4];

/** One walk: the tables visited (root first), the entry read at each, and the leaf. */
export interface PathWalk {
  /** Physical addresses of the tables read, root first. */
  readonly tables: number[];
  /** Low and high halves of the last entry read (the leaf when `level > 0`). */
  lo: number;
  hi: number;
  /** The leaf's level (1: 4 KiB, 2: 2 MiB, 3: 1 GiB), or 0 when the walk met an absent entry. */
  level: number;
  /** Physical base of the leaf's page (address bits as the processor takes them). */
  base: number;
  /** The page, root and number of levels walked (what {@link walkPathNext} reuses). */
  vpn: number;
  root: number;
  levels: number;
}

/** A reusable walk result. */
export function newPathWalk(): PathWalk {
  return { tables: [], lo: 0, hi: 0, level: 0, base: 0, vpn: 0, root: -1, levels: 0 };
}

// The index of page vpn in a table of `level`.
function indexAt(vpn: number, level: number): number {
  return Math.floor(vpn / SPAN[level - 1]!) % 512;
}

/**
 * Walks `levels` levels from `root` for page `vpn` (the low address bits / 4096) into `out`.
 * Reserved bits and access rights are not looked at: the view is about where entries lead.
 */
export function walkPath(mem: PhysicalMemory, root: number, levels: number, vpn: number, out: PathWalk): PathWalk {
  out.tables.length = 0;
  out.vpn = vpn;
  out.root = root;
  out.levels = levels;
  return walkFrom(mem, root, levels, vpn, out);
}

/**
 * {@link walkPath} for a walk that follows `out`'s in a pass over tables nothing writes (one
 * refinement check): the tables down to where the two pages' indices part are the ones `out`
 * read, so only the entries below are read again. The result is the full walk's.
 */
export function walkPathNext(mem: PhysicalMemory, root: number, levels: number, vpn: number, out: PathWalk): PathWalk {
  const tables = out.tables;
  if (out.root !== root || out.levels !== levels || tables.length === 0) return walkPath(mem, root, levels, vpn, out);
  // tables[d + 1] was reached through entry indexAt(prev, levels - d) of tables[d].
  let d = 0;
  while (d + 1 < tables.length && indexAt(vpn, levels - d) === indexAt(out.vpn, levels - d)) d++;
  const table = tables[d]!;
  tables.length = d;
  out.vpn = vpn;
  return walkFrom(mem, table, levels - d, vpn, out);
}

// The walk from `table`, a table of `level`, down to the leaf or an absent entry.
function walkFrom(mem: PhysicalMemory, table: number, level: number, vpn: number, out: PathWalk): PathWalk {
  const tables = out.tables;
  out.level = 0;
  for (; level >= 1; level--) {
    const idx = indexAt(vpn, level);
    tables.push(table);
    const lo = mem.readU32(table + idx * 8);
    const hi = mem.readU32(table + idx * 8 + 4);
    out.lo = lo;
    out.hi = hi;
    if ((lo & LO_P) === 0) return out;
    const high = (hi & HI_ADDR) * TWO32;
    if (level === 1 || ((lo & LO_PS) !== 0 && level <= 3)) {
      const mask = level === 1 ? 0xfffff000 : level === 2 ? 0xffe00000 : 0xc0000000;
      out.level = level;
      out.base = ((lo & mask) >>> 0) + high;
      return out;
    }
    table = ((lo & 0xfffff000) >>> 0) + high;
  }
  return out;
}
