/**
 * The device page table's one mapping operation, shared by `ContextTable::map` / `unmap`: a
 * 4 KiB page `daddr -> paddr`, `Rw`, `Uncacheable`, no privileged flags (FG5.1.2), with
 * 232e62b's `unwrap()` on the page table's result as a `KernelPanic` naming the function.
 *
 * Stricter than 232e62b (the model's refusal of bad input; no DMA path reaches either, as
 * `DMA_REMAPPING_SET` keeps a page from being mapped twice): mapping a device address that is
 * already mapped, or unmapping one that is not, is an {@link IommuError} and changes nothing.
 * 232e62b would overwrite, or return `Ok` having done nothing.
 *
 * SNP: 232e62b's `set_prop` sets SNP (bit 11) for any cacheable property, and with QEMU's default
 * ECAP.SC = 0 the unit treats SNP as a reserved bit (fault 0xC, as QEMU does). Not a finding:
 * the only mapping path (`ContextTable::map`, here and upstream) passes `Uncacheable`, so no
 * entry the driver writes carries SNP (`tests/mm/iommu/findings.test.ts` shows both sides).
 * @module
 */
import { hex, PAGE_SIZE } from '../../machine/index.js';
import { KernelPanic } from '../../util/errors.js';
import { DeviceMode, PageFlags, type PageProperty, type PageTable } from '../page-table/index.js';
import { IommuError } from './errors.js';

/** `PageProperty { flags: RW, cache: Uncacheable, priv_flags: empty }`. */
export const DEVICE_PAGE_PROP: PageProperty = Object.freeze({ flags: PageFlags.RW, cache: 'Uncacheable', privFlags: 0 });

/** The paddr `daddr` maps to in `pt`, or null (no lock, a software walk). */
export function deviceTranslate(pt: PageTable, daddr: number): number | null {
  if (!Number.isSafeInteger(daddr) || daddr < 0 || daddr >= Number(DeviceMode.end)) return null;
  const r = pt.query(BigInt(daddr));
  return r === null ? null : r.paddr;
}

/** Maps one page. @throws IommuError AlreadyMapped; KernelPanic for the page table's error. */
export function mapDevicePage(fn: string, pt: PageTable, daddr: number, paddr: number): void {
  const old = deviceTranslate(pt, daddr);
  if (old !== null) throw new IommuError('AlreadyMapped', fn, `already mapped to ${hex(old)}; refused mapping it to ${hex(paddr)}`, daddr);
  const va = BigInt(daddr);
  unwrap(fn, () => pt.map({ start: va, end: va + BigInt(PAGE_SIZE) }, { start: paddr, end: paddr + PAGE_SIZE }, DEVICE_PAGE_PROP), daddr);
}

/** Unmaps one page. @throws IommuError NotMapped; KernelPanic for the page table's error. */
export function unmapDevicePage(fn: string, pt: PageTable, daddr: number): void {
  if (Number.isSafeInteger(daddr) && daddr >= 0 && daddr < Number(DeviceMode.end) && daddr % PAGE_SIZE === 0 && deviceTranslate(pt, daddr) === null) {
    throw new IommuError('NotMapped', fn, 'nothing is mapped there', daddr);
  }
  const va = BigInt(daddr);
  unwrap(fn, () => pt.unmap({ start: va, end: va + BigInt(PAGE_SIZE) }), daddr);
}

function unwrap(fn: string, op: () => void, daddr: number): void {
  if (!Number.isSafeInteger(daddr) || daddr < 0) throw new KernelPanic(fn, `daddr ${String(daddr)} is not a device address`);
  try {
    op();
  } catch (e) {
    if (e instanceof KernelPanic) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new KernelPanic(fn, `page table .unwrap() on Err(${msg}) for daddr ${hex(daddr)}`);
  }
}
