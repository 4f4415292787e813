/**
 * A page walk shown level by level, as `kernel-sim pagewalk` prints it: for each level the entry
 * index, the PTE in hex, its flags, and the next table or the final physical address and page
 * size; or the page fault the MMU raises, with its error code. The entries are read without side
 * effects; the fault comes from the machine's {@link Mmu.walk}.
 * @module
 */
import {
  describeErrorCode, hex, isCanonical, PageFault, tableIndex, type CpuState, type Mmu, type PhysicalMemory,
} from '../../machine/index.js';
import { NonCanonicalVaddrError } from '../page-table/index.js';

/** One level of a walk. */
export interface WalkStep {
  /** 4 = PML4 ... 1 = PT (5 with LA57). */
  readonly level: number;
  readonly table: string;
  readonly index: number;
  /** The PTE, hex. */
  readonly pte: string;
  /** Set flags: P RW US PWT PCD A D PS G NX. */
  readonly flags: readonly string[];
  /** The next table's physical address (hex), for a non-leaf present entry. */
  readonly next?: string;
  /** The translated physical address (hex), at the leaf. */
  readonly paddr?: string;
  /** The page size in bytes, at the leaf. */
  readonly pageSize?: number;
}

/** A walk. */
export interface PageWalkView {
  readonly va: string;
  readonly root: string;
  readonly steps: readonly WalkStep[];
  /** The translation, when mapped. */
  readonly paddr?: string;
  readonly pageSize?: number;
  /** The page fault, when not. */
  readonly fault?: { readonly errorCode: number; readonly description: string };
}

const FLAG_BITS: readonly [string, number][] = [['P', 0], ['RW', 1], ['US', 2], ['PWT', 3], ['PCD', 4], ['A', 5], ['D', 6], ['PS', 7], ['G', 8]];
const LEVEL_SIZE = [0, 0x1000, 0x20_0000, 0x4000_0000];

function readPte(mem: PhysicalMemory, addr: number): bigint {
  return BigInt(mem.readU32(addr)) | (BigInt(mem.readU32(addr + 4)) << 32n);
}

/**
 * Walks `va` on `cpu`'s current tables.
 * @throws NonCanonicalVaddrError for a non-canonical `va` (the CPU would raise #GP)
 */
export function pageWalkView(mmu: Mmu, cpu: CpuState, va: bigint): PageWalkView {
  const width = cpu.la57 ? 57 : 48;
  if (va < 0n || va >= 1n << 64n || !isCanonical(va, cpu.la57)) throw new NonCanonicalVaddrError(va, width);
  const vpn = Number((va & ((1n << BigInt(width)) - 1n)) >> 12n);
  const steps: WalkStep[] = [];
  let table = cpu.root;
  for (let level = cpu.levels; level >= 1; level--) {
    const index = tableIndex(vpn, level);
    const pte = readPte(mmu.memory, table + index * 8);
    const flags = FLAG_BITS.filter(([, b]) => (pte >> BigInt(b)) & 1n).map(([n]) => n);
    if (pte >> 63n) flags.push('NX');
    const base = { level, table: hex(table), index, pte: hex(pte), flags };
    if ((pte & 1n) === 0n) {
      steps.push(base);
      break;
    }
    const leaf = level === 1 || (level <= 3 && (pte & 0x80n) !== 0n);
    const addr = Number(pte & 0x000f_ffff_ffff_f000n);
    if (leaf) {
      const size = LEVEL_SIZE[level]!;
      const pa = (addr - (addr % size)) + Number(va % BigInt(size));
      steps.push({ ...base, paddr: hex(pa), pageSize: size });
      break;
    }
    steps.push({ ...base, next: hex(addr) });
    table = addr;
  }
  const view = { va: hex(va), root: hex(cpu.root), steps };
  const t = mmu.peek(cpu, va);
  if (t !== null) return { ...view, paddr: hex(t.paddr), pageSize: t.pageSize };
  try {
    mmu.walk(cpu, va); // a reserved bit or absent entry: the MMU's fault and error code
  } catch (e) {
    if (e instanceof PageFault) return { ...view, fault: { errorCode: e.errorCode, description: describeErrorCode(e.errorCode) } };
    throw e;
  }
  return view;
}
