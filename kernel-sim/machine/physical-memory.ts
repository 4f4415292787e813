/**
 * Sparse physical memory of up to 2^52 bytes. Only 4 KiB pages that have been written hold
 * bytes (a Map from page frame number to a DataView over 4096 bytes); reads of RAM never written
 * give zeros, and accesses to addresses outside the RAM ranges throw {@link PhysicalMemoryFault}.
 * Little-endian, like x86. Accesses may cross page boundaries (and RAM range boundaries when
 * the ranges touch).
 *
 * Simplification: a hole faults instead of reading all-ones (open bus) as real hardware does.
 * MMIO: ranges registered with {@link PhysicalMemory.mapMmio} (outside RAM) answer the sized
 * accessors through their device; they are looked up only after an access misses RAM.
 * @module
 */
import { BadAddressError, PAGE_SIZE as PAGE_SIZE_IMPORT } from './address.js';
import { PhysicalMemoryFault, StoreValueError, type AccessKind } from './errors.js';
import { RamMap, type PhysRange } from './ram-map.js';
import { MmioMap, MmioMapError, type MmioHandler, type MmioSize } from './mmio.js';

// A local constant: an imported binding compiled to CommonJS is a property read on every use,
// which the page walk's u64 reads pay twice per access.
const PAGE_SIZE = PAGE_SIZE_IMPORT;

const MAX_U64 = (1n << 64n) - 1n;

/** The emulated machine's RAM. */
export class PhysicalMemory {
  /** Where RAM is. */
  readonly ram: RamMap;
  /** Device register ranges (outside RAM). */
  readonly mmio = new MmioMap();
  private readonly pages = new Map<number, DataView>();
  // One-entry cache of the last page looked up: page-table walks hit the same page repeatedly.
  /**
   * @internal Bumped whenever a page's backing bytes are created or dropped, so a cache of
   * {@link pageView}s (the page walker's) knows when to look again.
   */
  pageEpoch = 0;
  private lastPfn = -1;
  private lastPage: DataView | undefined = undefined;
  private readonly scratch = new DataView(new ArrayBuffer(8));

  /**
   * @param ranges the RAM ranges, half-open byte ranges [start, end) (merged if they overlap).
   * @throws BadAddressError for a bound outside [0, 2^52].
   */
  constructor(ranges: Iterable<PhysRange>) {
    this.ram = new RamMap(ranges);
  }

  /**
   * Maps a device's registers at [base, base+size): sized reads and writes there go to `handler`.
   * @throws MmioMapError when the range overlaps RAM or another MMIO range
   */
  mapMmio(base: number, size: number, handler: MmioHandler): void {
    if (Number.isInteger(base) && base >= 0 && Number.isInteger(size) && size > 0 && this.overlapsRam(base, size)) {
      throw new MmioMapError(base, size, 'overlaps RAM');
    }
    this.mmio.add({ base, size, handler });
  }

  /** Removes the MMIO range at `base`; true when there was one. */
  unmapMmio(base: number): boolean {
    return this.mmio.remove(base);
  }

  /** Number of 4 KiB pages that hold bytes (the memory the emulation actually uses). */
  get touchedPages(): number {
    return this.pages.size;
  }

  /** Reads an unsigned byte. */
  readU8(addr: number): number {
    if (!this.isRam(addr, 1, 'read')) return Number(this.mmioRead(addr, 1));
    const page = this.peekPage(Math.floor(addr / PAGE_SIZE));
    return page ? page.getUint8(addr % PAGE_SIZE) : 0;
  }

  /** Reads a little-endian u16. */
  readU16(addr: number): number {
    if (!this.isRam(addr, 2, 'read')) return Number(this.mmioRead(addr, 2));
    const off = addr % PAGE_SIZE;
    if (off <= PAGE_SIZE - 2) {
      const page = this.peekPage((addr - off) / PAGE_SIZE);
      return page ? page.getUint16(off, true) : 0;
    }
    return this.readSplit(addr, 2).getUint16(0, true);
  }

  /** Reads a little-endian u32. */
  readU32(addr: number): number {
    if (!this.isRam(addr, 4, 'read')) return Number(this.mmioRead(addr, 4));
    const off = addr % PAGE_SIZE;
    if (off <= PAGE_SIZE - 4) {
      const page = this.peekPage((addr - off) / PAGE_SIZE);
      return page ? page.getUint32(off, true) : 0;
    }
    return this.readSplit(addr, 4).getUint32(0, true);
  }

  /** Reads a little-endian u64. */
  readU64(addr: number): bigint {
    if (!this.isRam(addr, 8, 'read')) return this.mmioRead(addr, 8);
    const off = addr % PAGE_SIZE;
    if (off <= PAGE_SIZE - 8) {
      const page = this.peekPage((addr - off) / PAGE_SIZE);
      return page ? page.getBigUint64(off, true) : 0n;
    }
    return this.readSplit(addr, 8).getBigUint64(0, true);
  }

  /**
   * Reads `n` consecutive little-endian u32 words from `addr` into `out[0..n)`: one RAM check and
   * one page lookup when they lie in one page (the IOMMU walk's 16-byte entries); else word by word.
   */
  readU32Words(addr: number, n: number, out: Uint32Array): void {
    const off = addr % PAGE_SIZE;
    if (off % 4 === 0 && off + 4 * n <= PAGE_SIZE && this.isRam(addr, 4 * n, 'read')) {
      const page = this.peekPage((addr - off) / PAGE_SIZE);
      for (let i = 0; i < n; i++) out[i] = page ? page.getUint32(off + 4 * i, true) : 0;
      return;
    }
    for (let i = 0; i < n; i++) out[i] = this.readU32(addr + 4 * i);
  }

  /** Writes an unsigned byte. @throws StoreValueError unless 0 <= value < 2^8. */
  writeU8(addr: number, value: number): void {
    if (!(value >= 0 && value <= 0xff && Number.isInteger(value))) throw new StoreValueError('writeU8', value, 8);
    if (!this.isRam(addr, 1, 'write')) return this.mmioWrite(addr, 1, BigInt(value));
    this.touchPage(Math.floor(addr / PAGE_SIZE)).setUint8(addr % PAGE_SIZE, value);
  }

  /** Writes a little-endian u16. @throws StoreValueError unless 0 <= value < 2^16. */
  writeU16(addr: number, value: number): void {
    if (!(value >= 0 && value <= 0xffff && Number.isInteger(value))) throw new StoreValueError('writeU16', value, 16);
    if (!this.isRam(addr, 2, 'write')) return this.mmioWrite(addr, 2, BigInt(value));
    const off = addr % PAGE_SIZE;
    if (off <= PAGE_SIZE - 2) {
      this.touchPage((addr - off) / PAGE_SIZE).setUint16(off, value, true);
    } else {
      this.scratch.setUint16(0, value, true);
      this.writeSplit(addr, 2);
    }
  }

  /** Writes a little-endian u32. @throws StoreValueError unless 0 <= value < 2^32. */
  writeU32(addr: number, value: number): void {
    if (!(value >= 0 && value <= 0xffffffff && Number.isInteger(value))) throw new StoreValueError('writeU32', value, 32);
    if (!this.isRam(addr, 4, 'write')) return this.mmioWrite(addr, 4, BigInt(value));
    const off = addr % PAGE_SIZE;
    if (off <= PAGE_SIZE - 4) {
      this.touchPage((addr - off) / PAGE_SIZE).setUint32(off, value, true);
    } else {
      this.scratch.setUint32(0, value, true);
      this.writeSplit(addr, 4);
    }
  }

  /** Writes a little-endian u64. @throws StoreValueError unless 0 <= value < 2^64. */
  writeU64(addr: number, value: bigint): void {
    if (value < 0n || value > MAX_U64) throw new StoreValueError('writeU64', value, 64);
    if (!this.isRam(addr, 8, 'write')) return this.mmioWrite(addr, 8, value);
    const off = addr % PAGE_SIZE;
    if (off <= PAGE_SIZE - 8) {
      this.touchPage((addr - off) / PAGE_SIZE).setBigUint64(off, value, true);
    } else {
      this.scratch.setBigUint64(0, value, true);
      this.writeSplit(addr, 8);
    }
  }

  /** Copies `len` bytes starting at `addr` into a new array. */
  readBytes(addr: number, len: number): Uint8Array {
    this.checkLen('readBytes', len);
    const out = new Uint8Array(len);
    if (len === 0) return out;
    this.check(addr, len, 'read');
    this.forEachPiece(addr, len, (pfn, off, n, at) => {
      const page = this.peekPage(pfn);
      if (page) out.set(new Uint8Array(page.buffer, off, n), at);
    });
    return out;
  }

  /** Writes `data` starting at `addr`. */
  writeBytes(addr: number, data: Uint8Array): void {
    if (data.length === 0) return;
    this.check(addr, data.length, 'write');
    this.forEachPiece(addr, data.length, (pfn, off, n, at) => {
      new Uint8Array(this.touchPage(pfn).buffer, off, n).set(data.subarray(at, at + n));
    });
  }

  /** Sets `len` bytes from `addr` to `byte`. Filling with zero releases whole pages. */
  fill(addr: number, len: number, byte: number): void {
    if (!(byte >= 0 && byte <= 0xff && Number.isInteger(byte))) throw new StoreValueError('fill', byte, 8);
    this.checkLen('fill', len);
    if (len === 0) return;
    this.check(addr, len, 'write');
    if (byte === 0 && len / PAGE_SIZE > this.pages.size) {
      // Zeroing more pages than are backed: only backed pages can hold non-zero bytes, so
      // visit those (cost grows with touched memory, not with the range).
      const end = addr + len;
      for (const pfn of [...this.pages.keys()]) {
        const lo = Math.max(addr, pfn * PAGE_SIZE);
        const hi = Math.min(end, (pfn + 1) * PAGE_SIZE);
        if (hi <= lo) continue;
        if (hi - lo === PAGE_SIZE) this.dropPage(pfn);
        else new Uint8Array(this.pages.get(pfn)!.buffer, lo - pfn * PAGE_SIZE, hi - lo).fill(0);
      }
      return;
    }
    this.forEachPiece(addr, len, (pfn, off, n) => {
      if (byte === 0) {
        // A zero page needs no backing: drop it when cleared whole, keeping memory sparse.
        if (n === PAGE_SIZE) this.dropPage(pfn);
        else {
          const page = this.peekPage(pfn);
          if (page) new Uint8Array(page.buffer, off, n).fill(0);
        }
      } else {
        new Uint8Array(this.touchPage(pfn).buffer, off, n).fill(byte);
      }
    });
  }

  /** Sets `len` bytes from `addr` to zero (whole pages lose their backing). */
  zero(addr: number, len: number): void {
    this.fill(addr, len, 0);
  }

  // RAM (true), MMIO (false: mmioAt finds it), or a fault.
  private isRam(addr: number, size: number, access: AccessKind): boolean {
    if (!Number.isInteger(addr) || addr < 0) throw new BadAddressError(`physical ${access}`, addr);
    if (this.ram.contains(addr, size)) return true;
    if (this.mmio.find(addr, size) === undefined) throw new PhysicalMemoryFault(addr, size, access);
    return false;
  }

  // Accesses isRam sent to MMIO (it checked that a region holds them).
  private mmioRead(addr: number, size: MmioSize): bigint {
    const r = this.mmio.find(addr, size)!;
    return r.handler.mmioRead(addr - r.base, size);
  }

  private mmioWrite(addr: number, size: MmioSize, value: bigint): void {
    const r = this.mmio.find(addr, size)!;
    r.handler.mmioWrite(addr - r.base, size, value);
  }

  private overlapsRam(base: number, size: number): boolean {
    return this.ram.ranges.some((r) => base < r.end && r.start < base + size);
  }

  // Validates an access of `size` bytes; the common case is one cached comparison pair.
  private check(addr: number, size: number, access: AccessKind): void {
    if (!Number.isInteger(addr) || addr < 0) throw new BadAddressError(`physical ${access}`, addr);
    if (!this.ram.contains(addr, size)) throw new PhysicalMemoryFault(addr, size, access);
  }

  private checkLen(fn: string, len: number): void {
    if (!Number.isInteger(len) || len < 0) throw new BadAddressError(`${fn} length`, len);
  }

  /**
   * @internal The bytes backing page `pfn`, or undefined when never written (it reads as
   * zeros). No RAM check: for fast paths that checked the address already (the page walk).
   */
  pageView(pfn: number): DataView | undefined {
    return this.peekPage(pfn);
  }

  private peekPage(pfn: number): DataView | undefined {
    if (pfn === this.lastPfn) return this.lastPage;
    const page = this.pages.get(pfn);
    if (page) {
      this.lastPfn = pfn;
      this.lastPage = page;
    }
    return page;
  }

  private touchPage(pfn: number): DataView {
    let page = this.peekPage(pfn);
    if (!page) {
      page = new DataView(new ArrayBuffer(PAGE_SIZE));
      this.pages.set(pfn, page);
      this.pageEpoch++;
      this.lastPfn = pfn;
      this.lastPage = page;
    }
    return page;
  }

  private dropPage(pfn: number): void {
    if (!this.pages.delete(pfn)) return;
    this.pageEpoch++;
    if (pfn === this.lastPfn) {
      this.lastPfn = -1;
      this.lastPage = undefined;
    }
  }

  // Splits [addr, addr+len) at page boundaries: fn(pfn, offset in page, length, offset in data).
  private forEachPiece(addr: number, len: number, fn: (pfn: number, off: number, n: number, at: number) => void): void {
    let at = 0;
    while (at < len) {
      const a = addr + at;
      const off = a % PAGE_SIZE;
      const n = Math.min(PAGE_SIZE - off, len - at);
      fn((a - off) / PAGE_SIZE, off, n, at);
      at += n;
    }
  }

  private readSplit(addr: number, size: number): DataView {
    const s = this.scratch;
    this.forEachPiece(addr, size, (pfn, off, n, at) => {
      const page = this.peekPage(pfn);
      for (let i = 0; i < n; i++) s.setUint8(at + i, page ? page.getUint8(off + i) : 0);
    });
    return s;
  }

  private writeSplit(addr: number, size: number): void {
    const s = this.scratch;
    this.forEachPiece(addr, size, (pfn, off, n, at) => {
      const page = this.touchPage(pfn);
      for (let i = 0; i < n; i++) page.setUint8(off + i, s.getUint8(at + i));
    });
  }
}
