/**
 * The `iommu` module functions (FG5.3; 232e62b `arch/x86/iommu/mod.rs`): `init`, `map`,
 * `unmap`, `has_iommu`, over the module's `static PAGE_TABLE: Once<Mutex<RootTable>>`, held
 * here per kernel in an {@link IommuSystem}.
 *
 * `init` as at 232e62b: one `RootTable`, one empty `PageTable<DeviceMode>`, and for every
 * `PciDeviceLocation::all()` a `specify_device_page_table` with a shallow copy of it — 256 buses,
 * so 256 context tables (the seed says 255; `all()` runs bus 0..=255), each holding one handle
 * of the shared table; then `remapping::init`; the local handle drops at the end.
 *
 * Switches:
 * - MOI-02: audited, every device uses that one table and `map` / `unmap` act for device
 *   0:00.0 whatever the caller's device. Fixed: no shared table; each device gets its own at its
 *   first `map` (`ContextTable::get_or_create_page_table`), a device with none has no entry and
 *   is blocked by the unit.
 * - MOI-03: audited, the unit stays in pass-through until `remapping::init` sets TE at the end,
 *   so DMA during init reaches physical memory untranslated. Fixed: `remapping` first puts the
 *   unit in blocking mode (TE on an empty root table) before any table is built; see `remapping.ts`.
 * - MOI-04: audited, the root table's lock is a sleeping `Mutex` (taken with interrupts as they
 *   are, modelled as `lock()`); fixed, `SpinLock` with local IRQs disabled (upstream b198794e).
 * - IOT-01 (kernel-sim's ID): audited, `unmap` clears the second-level PTE and returns, as 232e62b
 *   and upstream do, so the unit's IOTLB keeps translating the device address to the freed frame.
 *   Fixed: after the PTE is cleared, a page-selective IOTLB invalidation of that page on every
 *   programmed unit ({@link RemappingSetup.invalidateIotlbPage}), waited for.
 * - MOI-01: audited, one lock for every operation; fixed, one lock per context table (bus) for
 *   map / unmap, the root lock only to create a context table. Only the coroutine API
 *   ({@link mapCo}, {@link unmapCo}) takes locks at preemption points; see the scenarios.
 * @module
 */
import { coOf, SpinLock, type Co } from '../../sync/index.js';
import { KernelPanic } from '../../util/errors.js';
import { DeviceMode, PageTable } from '../page-table/index.js';
import { IommuError, InvalidDeviceIdError } from './errors.js';
import type { IommuKernel } from './iommu-kernel.js';
import { allPciLocations, PCI_ZERO, type PciDeviceLocation } from './pci-device-location.js';
import { RootTable } from './root-table.js';

/** A named point of `init`, where a scenario may act (e.g. a device's DMA). */
export type IommuInitStep = 'start' | 'root-table-created' | 'device-tables-specified' | 'before-remapping' | 'done';

/** What `remapping::init` is to the driver: sets the unit(s) up for `root`. */
export interface RemappingSetup {
  /** MOI-03 fixed: called first, before any table exists. */
  blockAll?(): void;
  /** `remapping::init(&root_table)`. @throws IommuError NoIommu when there is no unit */
  init(root: RootTable): void;
  /**
   * IOT-01 fixed: invalidates the IOTLB entries of device address `daddr` (one 4 KiB page) in
   * domain `did` on every programmed unit, and waits for it.
   */
  invalidateIotlbPage?(daddr: number, did: number): void;
}

/** Options of {@link init}. */
export interface IommuInitOptions {
  /** The remapping hardware side (absent: the tables only, no unit is programmed). */
  readonly remapping?: RemappingSetup;
  /** Called at each {@link IommuInitStep}, with the root table once it exists. */
  readonly onStep?: (step: IommuInitStep, root: RootTable | null) => void;
}

/** The driver's statics for one kernel. */
export class IommuSystem {
  /** `PAGE_TABLE` once `init` succeeded. */
  pageTable: RootTable | null = null;
  /** The remapping hardware side `init` programmed (null: tables only). */
  remapping: RemappingSetup | null = null;
  /** The lock of `PAGE_TABLE` (a `Mutex` at 232e62b, MOI-04). */
  readonly lock = new SpinLock('iommu::PAGE_TABLE');
  /** MOI-01 fixed: one lock per bus's context table. */
  private readonly busLocks = new Map<number, SpinLock>();
  /** Coroutine map / unmap calls that found their lock held by another context. */
  contended = 0;

  constructor(readonly k: IommuKernel) {}

  /** The lock map / unmap take for `device`. */
  lockFor(device: PciDeviceLocation): SpinLock {
    if (this.k.bugs.has('MOI-01')) return this.lock;
    let l = this.busLocks.get(device.bus);
    if (l === undefined) this.busLocks.set(device.bus, (l = new SpinLock(`iommu::ContextTable[bus ${device.bus}]`)));
    return l;
  }
}

/** `has_iommu()`. */
export function hasIommu(sys: IommuSystem): boolean {
  return sys.pageTable !== null;
}

/**
 * `iommu::init()`.
 * @throws IommuError NoIommu (from `remapping`), KernelPanic when called twice or out of frames
 */
export function init(sys: IommuSystem, opts: IommuInitOptions = {}): void {
  if (sys.pageTable !== null) throw new KernelPanic('iommu::init', 'PAGE_TABLE.call_once called twice (init already ran)');
  const k = sys.k;
  let root: RootTable | null = null;
  const step = (s: IommuInitStep): void => opts.onStep?.(s, root);
  step('start');
  if (!k.bugs.has('MOI-03')) opts.remapping?.blockAll?.();
  root = RootTable.new(k);
  step('root-table-created');
  if (k.bugs.has('MOI-02')) {
    const shared = PageTable.empty(k.ptCtx, DeviceMode);
    for (const loc of allPciLocations()) root.specifyDevicePageTable(loc, shared.shallowCopy());
    shared.drop(); // the local `page_table` goes out of scope
  }
  step('device-tables-specified');
  step('before-remapping');
  try {
    opts.remapping?.init(root);
  } catch (e) {
    root.drop(); // `root_table` drops on the error path
    throw e;
  }
  sys.pageTable = root;
  sys.remapping = opts.remapping ?? null;
  k.log.push('info: IOMMU enabled');
  step('done');
}

/**
 * `iommu::map(daddr, paddr)`: a 4 KiB page in the tables of `device` (MOI-02 audited: of 0:00.0,
 * which every device shares).
 * @throws IommuError (NoIommu; the model's AlreadyMapped), InvalidDeviceIdError (MOI-02 fixed,
 *   a bad device), KernelPanic where 232e62b unwraps
 */
export function map(sys: IommuSystem, daddr: number, paddr: number, device: PciDeviceLocation = PCI_ZERO): void {
  const root = rootOf(sys, 'iommu::map');
  const dev = deviceFor(sys, device);
  const op = (): void => translateErrors('iommu::map', sys, () => root.map(dev, daddr, paddr));
  if (sys.k.bugs.has('MOI-04')) sys.lock.withLock(op);
  else sys.lock.withLockIrqDisabled(op);
}

/** `iommu::unmap(daddr)`. @throws as {@link map}; IommuError NotMapped */
export function unmap(sys: IommuSystem, daddr: number, device: PciDeviceLocation = PCI_ZERO): void {
  const root = rootOf(sys, 'iommu::unmap');
  const dev = deviceFor(sys, device);
  const op = (): void => translateErrors('iommu::unmap', sys, () => unmapAndInvalidate(sys, root, dev, daddr));
  if (sys.k.bugs.has('MOI-04')) sys.lock.withLock(op);
  else sys.lock.withLockIrqDisabled(op);
}

/** {@link map} as a simulated thread's code: the lock is taken at a preemption point. */
export function* mapCo(sys: IommuSystem, daddr: number, paddr: number, device: PciDeviceLocation = PCI_ZERO): Co<void> {
  const root = rootOf(sys, 'iommu::map');
  const dev = deviceFor(sys, device);
  yield* lockedCo(sys, dev, () => translateErrors('iommu::map', sys, () => root.map(dev, daddr, paddr)));
}

/** {@link unmap} as a simulated thread's code. */
export function* unmapCo(sys: IommuSystem, daddr: number, device: PciDeviceLocation = PCI_ZERO): Co<void> {
  const root = rootOf(sys, 'iommu::unmap');
  const dev = deviceFor(sys, device);
  yield* lockedCo(sys, dev, () => translateErrors('iommu::unmap', sys, () => unmapAndInvalidate(sys, root, dev, daddr)));
}

// The PTE cleared, then (IOT-01 fixed) the IOTLB entry of the page invalidated under the same lock,
// in the domain the device's context entry names (0 at 232e62b; its own with DID-01 fixed).
function unmapAndInvalidate(sys: IommuSystem, root: RootTable, dev: PciDeviceLocation, daddr: number): void {
  root.unmap(dev, daddr);
  if (!sys.k.bugs.has('IOT-01')) sys.remapping?.invalidateIotlbPage?.(daddr, root.domainOf(dev));
}

function* lockedCo(sys: IommuSystem, dev: PciDeviceLocation, op: () => void): Co<void> {
  const irqDisabled = !sys.k.bugs.has('MOI-04');
  const lock = sys.lockFor(dev);
  if (lock !== sys.lock && !contextTableExists(sys, dev)) {
    // Creating the bus's context table changes the root table: under the root lock.
    yield* sys.lock.locked(() => coOf(() => sys.pageTable!.getOrCreateContextTable(dev)), { irqDisabled });
  }
  if (lock.isLocked()) sys.contended++;
  yield* lock.locked(() => coOf(op), { irqDisabled });
}

function contextTableExists(sys: IommuSystem, dev: PciDeviceLocation): boolean {
  const root = sys.pageTable!;
  return (sys.k.memory.readU32(root.paddr() + dev.bus * 16) & 1) !== 0;
}

function rootOf(sys: IommuSystem, fn: string): RootTable {
  if (sys.pageTable === null) throw new IommuError('NoIommu', fn, 'PAGE_TABLE is not initialised (no IOMMU, or iommu::init has not run)');
  return sys.pageTable;
}

function deviceFor(sys: IommuSystem, device: PciDeviceLocation): PciDeviceLocation {
  // 232e62b: "The page table of all devices is the same. So we can use any device ID."
  return sys.k.bugs.has('MOI-02') ? PCI_ZERO : device;
}

// ContextTableError::InvalidDeviceId is `unreachable!()` for the zero device 232e62b passes.
function translateErrors(fn: string, sys: IommuSystem, op: () => void): void {
  try {
    op();
  } catch (e) {
    if (e instanceof InvalidDeviceIdError && sys.k.bugs.has('MOI-02')) throw new KernelPanic(fn, `unreachable!(): ${e.message}`);
    throw e;
  }
}
