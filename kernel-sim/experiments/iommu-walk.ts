/**
 * What `kernel-sim iommu` shows: the kernel booted with its IOMMU driver (`dmaEnv`, on the
 * map's regions below 4 GiB, `iommu::init` run), optionally a `DmaStream` of some pages mapped
 * for the device, then the remapping unit covering the device walks a device address through
 * the root, context and second-level entries in memory, entry by entry, as `pagewalk` does
 * for the MMU.
 * @module
 */
import { loadLayout } from '../boot/index.js';
import { dmaEnv } from '../kernel/index.js';
import { PciLocation, traceDeviceWalk, type DeviceWalk } from '../machine/index.js';
import { DmaStream } from '../mm/dma/index.js';
import { pciLocation } from '../mm/iommu/index.js';
import { KernelSimError } from '../util/errors.js';

/** A bad argument of the walk (device address, page count, a device no unit covers). */
export class IommuWalkInputError extends KernelSimError {
  constructor(readonly field: string, readonly value: string, readonly reason: string) {
    super(`${field} ${JSON.stringify(value)}: ${reason}`);
  }
}

/** Options of {@link walkDeviceAfterInit}. */
export interface DeviceWalkOptions {
  readonly bugs?: readonly string[];
  /** Map a DmaStream of this many pages for the device first (its device address is the default address). */
  readonly mapPages?: number;
  /** Walk for a write (default a read). */
  readonly write?: boolean;
}

/** The walk, with the mapping made first (when asked). */
export interface DeviceWalkReport extends DeviceWalk {
  readonly device: string;
  readonly bugs: readonly string[];
  /** The mapping made first: device address and physical address. */
  readonly mapped?: { readonly daddr: string; readonly paddr: string; readonly pages: number };
}

/**
 * Boots `file`, runs `iommu::init`, maps (when asked) and walks `daddrText` (hex or decimal;
 * default the mapping's device address) for device `deviceText` (`bb:dd.f`).
 * @throws PciLocationError, IommuWalkInputError, the boot and driver errors
 */
export function walkDeviceAfterInit(file: string, deviceText: string, daddrText: string | undefined, opts: DeviceWalkOptions = {}): DeviceWalkReport {
  const loc = PciLocation.parse(deviceText);
  const pages = opts.mapPages ?? 0;
  if (!Number.isInteger(pages) || pages < 0 || pages > 1024) throw new IommuWalkInputError('--map', String(opts.mapPages), 'must be a page count in 0..1024');
  if (daddrText === undefined && pages === 0) throw new IommuWalkInputError('device address', '', 'give one, or --map PAGES to map a buffer and walk its address');
  let daddr: number | undefined;
  if (daddrText !== undefined) {
    const v = /^(0x[0-9a-f]+|[0-9]+)$/i.test(daddrText.trim()) ? Number(daddrText.trim()) : NaN;
    if (!Number.isSafeInteger(v) || v < 0) throw new IommuWalkInputError('device address', daddrText, 'must be a whole number below 2^53, hex (0x...) or decimal');
    daddr = v;
  }
  const regions = loadLayout(file).regions.filter((r) => r.base + r.len <= 0x1_0000_0000n);
  const env = dmaEnv({ input: regions, bugs: opts.bugs ?? [], devices: [{ at: loc.toString(), kind: 'plain' }] });
  const unit = env.platform!.bus.unitFor(loc);
  if (unit === null) throw new IommuWalkInputError('device', deviceText, 'no remapping unit covers it');
  let mapped: DeviceWalkReport['mapped'];
  if (pages > 0) {
    const seg = env.kernel.frames.allocContiguous(pages);
    if (seg === null) throw new IommuWalkInputError('--map', String(pages), 'not enough contiguous frames');
    const s = DmaStream.map(env.dma, seg, 'Bidirectional', false, pciLocation(loc.bus, loc.device, loc.fn));
    mapped = { daddr: '0x' + s.daddr().toString(16), paddr: '0x' + s.paddr().toString(16), pages };
    daddr ??= s.daddr();
  }
  const walk = traceDeviceWalk(unit, loc.sourceId, daddr!, opts.write ?? false);
  return { ...walk, device: loc.toString(), bugs: opts.bugs ?? [], ...(mapped ? { mapped } : {}) };
}
