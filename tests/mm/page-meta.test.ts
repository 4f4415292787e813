import { describe, it, expect } from 'vitest';
import { loadLayout, type MemoryRegion } from '../../kernel-sim/boot/index.js';
import { bugSet } from '../../kernel-sim/bugs/index.js';
import { BadAddressError } from '../../kernel-sim/machine/index.js';
import { KernelPanic } from '../../kernel-sim/util/errors.js';
import {
  computeMaxPaddr, FRAME_METADATA_BASE_VADDR, LazyChunks, MAX_META_MAPPED_PADDR, META_SLOT_OFFSETS, META_SLOT_SIZE,
  metaPageCount, MetaStore, MetaVaddrError, metaToPage, PAGE_USAGE, pageToMeta, usageName,
} from '../../kernel-sim/mm/page/index.js';

describe('MetaSlot layout and the metadata linear map (FG4.3.1)', () => {
  it('has the size and offsets of the repr(C) struct at 232e62b', () => {
    expect(META_SLOT_SIZE).toBe(16);
    expect(META_SLOT_OFFSETS).toEqual({ inner: 0, usage: 8, refCount: 12 });
    expect(PAGE_USAGE).toEqual({ Unused: 0, Reserved: 1, Frame: 32, PageTable: 64, Meta: 65, Kernel: 66 });
    expect(usageName(65)).toBe('Meta');
    expect(usageName(7)).toContain('not a PageUsage');
  });

  it('maps pages to slots and back, with bigint virtual addresses', () => {
    expect(pageToMeta(0)).toBe(FRAME_METADATA_BASE_VADDR);
    expect(pageToMeta(0x1000)).toBe(0xffff_e000_0000_0010n);
    expect(pageToMeta(0x1ff80000000)).toBe(FRAME_METADATA_BASE_VADDR + (0x1ff80000000n / 4096n) * 16n);
    for (const pa of [0, 4096, 0x7ffde000, 0x1ff7ffff000, MAX_META_MAPPED_PADDR - 4096]) expect(metaToPage(pageToMeta(pa))).toBe(pa);
    expect(metaToPage(FRAME_METADATA_BASE_VADDR + 17n)).toBe(4096); // inside slot 1
    expect(pageToMeta(0x1234)).toBe(pageToMeta(0x1000)); // an unaligned address maps to its page's slot
  });

  it('refuses addresses outside the map', () => {
    expect(() => pageToMeta(-1)).toThrow(BadAddressError);
    expect(() => pageToMeta(MAX_META_MAPPED_PADDR)).toThrow(BadAddressError);
    expect(() => metaToPage(FRAME_METADATA_BASE_VADDR - 1n)).toThrow(MetaVaddrError);
    expect(() => metaToPage(0xffff_e100_0000_0000n)).toThrow(MetaVaddrError);
  });
});

describe('MAX_PADDR and the number of metadata pages (FG4.3.2)', () => {
  const regions = loadLayout('datasets/mbi/q35-4G.mbi').regions;

  it('takes Usable regions by default and every region with MPA-01', () => {
    expect(computeMaxPaddr(regions)).toBe(0x180000000);
    expect(computeMaxPaddr(regions, bugSet('MPA-01'))).toBe(2 ** 40); // QEMU's reserved window ends at 1 TiB
  });

  it('sizes the metadata for 1 TiB on a 4 GiB guest with MPA-01', () => {
    expect(metaPageCount(computeMaxPaddr(regions), 16)).toBe(6144);
    expect(metaPageCount(computeMaxPaddr(regions, bugSet('MPA-01')), 16)).toBe(2 ** 20);
    expect(metaPageCount(4096 * 257, 16)).toBe(2); // ceil(257 * 16 / 4096)
    expect(metaPageCount(4096 * 256 + 4095, 16)).toBe(1); // num_pages is floored first
  });

  it('panics when no region qualifies', () => {
    const r: MemoryRegion[] = [{ base: 0n, len: 4096n, type: 'Reserved' }];
    expect(() => computeMaxPaddr(r)).toThrow(KernelPanic);
    expect(computeMaxPaddr(r, bugSet('MPA-01'))).toBe(4096);
  });
});

describe('MetaStore', () => {
  it('reads untouched slots as Unused/0 and creates chunks only on write', () => {
    const s = new MetaStore(2 ** 41);
    expect(s.slotCount).toBe(2 ** 29);
    expect(s.usage(123456789)).toBe(0);
    expect(s.refCount(2 ** 29 - 1)).toBe(0);
    expect(s.bytes).toBe(0);
    s.setUsage(5, 32);
    expect(s.fetchAddRefCount(5, 1)).toBe(0);
    expect(s.chunkCounts).toEqual({ usage: 1, refCount: 1, inner: 0 });
    expect(s.compareExchangeUsage(5, 0, 64)).toBe(false);
    expect(s.compareExchangeUsage(6, 0, 64)).toBe(true);
    s.setInnerU16(5, 2, 0x1234);
    expect(s.innerU16(5, 2)).toBe(0x1234);
    expect(s.innerU8(5, 2)).toBe(0x34);
    s.clearInner(5);
    expect(s.innerU16(5, 2)).toBe(0);
    const used: number[] = [];
    s.forEachUsedSlot((f) => used.push(f));
    expect(used).toEqual([5, 6]);
  });

  it('lazy chunks wrap u32 counts like AtomicU32', () => {
    const c = new LazyChunks((n) => new Uint32Array(n));
    expect(c.add(3, -1)).toBe(0);
    expect(c.get(3)).toBe(0xffffffff);
    c.set(2 ** 30, 0);
    expect(c.chunkCount).toBe(1); // writing 0 to a missing chunk creates nothing
  });
});
