/**
 * `MAX_PADDR` (FG4.3.2 step 1): the end of physical memory that gets metadata.
 *
 * At 232e62b `meta::init` takes the maximum end over every boot memory region. Real QEMU maps
 * (every SeaBIOS capture in datasets/) carry a Reserved window ending at 1 TiB, so the audited
 * formula sizes the metadata for 1 TiB on a 128 MiB guest. Asterinas commit
 * e040dda7a4172d98466f1f24b23dedd2c2d34836 ("Ignore unusable regions for `max_paddr`",
 * Ruihan Li, 2025-04-01) takes the maximum over Usable regions only; that is the default here,
 * and kernel-sim's own finding ID MPA-01 selects the audited formula. (Later still, 8dced6873
 * added Reclaimable and 66e293e98 switched to `MemoryRegionType::is_physical`.)
 * @module
 */
import type { MemoryRegion } from '../../../boot/index.js';
import { type BugSet, NO_BUGS } from '../../../bugs/index.js';
import { physAddrFromBigint } from '../../../machine/index.js';
import { KernelPanic } from '../../../util/errors.js';

/**
 * `MAX_PADDR` of `regions`: max(base + len) over Usable regions, or over all regions with MPA-01.
 * @throws KernelPanic ('meta::init') when no region qualifies (the `.max().unwrap()` fails).
 * @throws BadAddressError when the maximum is above 2^52.
 */
export function computeMaxPaddr(regions: readonly MemoryRegion[], bugs: BugSet = NO_BUGS): number {
  const audited = bugs.has('MPA-01');
  let max = -1n;
  for (const r of regions) {
    if (!audited && r.type !== 'Usable') continue;
    const end = r.base + r.len;
    if (end > max) max = end;
  }
  if (max < 0n) throw new KernelPanic('meta::init', `no ${audited ? '' : 'Usable '}memory region to take MAX_PADDR from (max().unwrap() on None)`);
  return physAddrFromBigint(max, 'MAX_PADDR');
}

/**
 * FG4.3.2's number of metadata pages:
 * n = ceil(max_paddr / page_size(1) * size_of::<MetaSlot>() / PAGE_SIZE), with the integer
 * division of `num_pages = max_paddr / page_size(1)` first, as the code does.
 */
export function metaPageCount(maxPaddr: number, slotSize: number, pageSize = 4096): number {
  const numPages = Math.floor(maxPaddr / pageSize);
  return Math.ceil((numPages * slotSize) / pageSize);
}
