/**
 * `dmaEnv`: a booted kernel on a machine with VT-d remapping unit(s), a CPU cache and PCI DMA
 * devices, with the kernel's IOMMU driver (`mm/iommu`) and DMA layer (`mm/dma`) wired to them,
 * and `iommu::init` run — the seed's `after_all_init()` step for the IOMMU. What DMA workloads,
 * notebook 05 and the FG5 tests build on.
 *
 * Wiring: the kernel address space is built (`buildKernelAddressSpace`), the units' register
 * pages are mapped uncacheable in it, their fault-event MSIs go to the kernel's {@link IrqLines}
 * (delivered by {@link DmaEnv.deliverInterrupts}, or at IRQ windows in a scenario's world), and
 * the CPU side of DMA buffers goes through the machine's {@link CpuCache} with the memory type
 * the kernel page table gives it.
 *
 * Time: one {@link MachineClock} for the machine: the kernel CPU's cycles (its TLB's, charged by
 * the MMU) and the DMA hardware's (each unit's translations and register accesses, the bus's
 * requests), so the units' fault records and commands are stamped on the CPU's timeline.
 *
 * Default machine: the memory map of the q35-128M capture below 4 GiB (QEMU's reserved window at
 * 1 TiB left out, so the kernel's linear map, and checking mode, stay small), one unit covering
 * every device (QEMU's intel-iommu at 0xfed90000).
 * @module
 */
import { loadLayout, type MemoryRegion } from '../boot/index.js';
import { bootKernel, type Kernel, type KernelInput } from './boot-kernel.js';
import {
  BlockDevice, DmaPlatform, MachineClock, MaliciousDevice, PciDevice, PciLocation, type CpuCacheOptions, type DmaResult, type DmaUnitDescription,
} from '../machine/index.js';
import { DmaSystem, directCpuMemory, type CpuMemoryPort } from '../mm/dma/index.js';
import {
  init as iommuInit, IommuKernel, IommuSystem, IrqLines, Remapping, type FaultInitStep, type IommuInitStep, type RootTable,
} from '../mm/iommu/index.js';
import { buildKernelAddressSpace, type KernelAddressSpace } from '../mm/kspace/index.js';

/** A device of the environment. */
export interface DmaDeviceSpec {
  /** `bb:dd.f`. */
  readonly at: string;
  /** `block` (descriptor ring), `malicious` (DMA where a scenario says) or `plain`. */
  readonly kind: 'block' | 'malicious' | 'plain';
}

/** Options of {@link dmaEnv}. */
export interface DmaEnvOptions {
  /** What to boot (default: the q35-128M map below 4 GiB). */
  readonly input?: KernelInput;
  /** Audited behaviours (finding IDs). */
  readonly bugs?: string | readonly string[];
  /** Checking mode (default false). */
  readonly check?: boolean;
  /** The remapping units (default one, scope all); `false`: no IOMMU (DMA is direct). */
  readonly units?: readonly DmaUnitDescription[] | false;
  /** The CPU cache (default a cache; false: none). */
  readonly cache?: CpuCacheOptions | false;
  /** The devices (default a block device at 00:03.0 and a malicious one at 00:1f.7). */
  readonly devices?: readonly DmaDeviceSpec[];
  /** Run `iommu::init` (default true); with false, call {@link DmaEnv.initIommu} yourself. */
  readonly init?: boolean;
  /** Called at each step of `iommu::init` (where a malicious device may act: MOI-03). */
  readonly onInitStep?: (step: IommuInitStep, env: DmaEnv, root: RootTable | null) => void;
  /** Called at each step of a unit's `FaultEventRegisters::new` (FAU-01's window). */
  readonly onFaultStep?: (unit: number, step: FaultInitStep, env: DmaEnv) => void;
}

/** The environment. */
export interface DmaEnv {
  readonly kernel: Kernel;
  readonly ks: KernelAddressSpace;
  /** The machine's DMA hardware: units, DMAR table bytes, bus, cache. */
  readonly platform: DmaPlatform | null;
  /** The machine's one timeline: the CPU's cycles and the DMA hardware's, summed. */
  readonly clock: MachineClock;
  readonly irqs: IrqLines;
  readonly iommuKernel: IommuKernel;
  /** The driver (`iommu::PAGE_TABLE` and its lock). */
  readonly iommu: IommuSystem;
  /** `remapping` (`REMAPPING_REGS` once init ran). */
  readonly remapping: Remapping | null;
  /** The DMA layer. */
  readonly dma: DmaSystem;
  /** The devices by `bb:dd.f`. */
  readonly devices: ReadonlyMap<string, PciDevice>;
  /** The device at `bb:dd.f`. @throws Error naming it when there is none */
  device<T extends PciDevice = PciDevice>(at: string): T;
  /** `iommu::init` (done by {@link dmaEnv} unless `init: false`). */
  initIommu(): void;
  /** Delivers the pending fault-event interrupts to their handlers; returns how many. */
  deliverInterrupts(): number;
  /** A device write, then the interrupts it caused. */
  dmaWrite(at: string, daddr: number, data: Uint8Array): DmaResult;
  /** A device read, then the interrupts it caused. */
  dmaRead(at: string, daddr: number, len: number): DmaResult;
}

/** The q35-128M capture's regions below 4 GiB. */
export function smallDmaRegions(): readonly MemoryRegion[] {
  return loadLayout('datasets/mbi/q35-128M.mbi').regions.filter((r) => r.base + r.len <= 0x1_0000_0000n);
}

/**
 * Boots the environment.
 * ```ts
 * const env = dmaEnv({ bugs: ['MOI-03'] });
 * const buf = DmaCoherent.map(env.dma, env.kernel.frames.allocContiguous(1)!, false, pciLocation(0, 3, 0));
 * env.dmaWrite('00:03.0', buf.daddr(), new Uint8Array([1, 2]));   // through the unit
 * env.dmaWrite('00:1f.7', 0x1000, new Uint8Array([0xff]));       // blocked, recorded, handled
 * env.remapping!.units[0]!.fault.handled;                         // the fault the handler saw
 * ```
 * @throws the boot errors, PciLocationError for a bad device location, DmarDecodeError, the
 *   driver's errors (IommuTimeoutError, RemappingHangError, ...)
 */
export function dmaEnv(opts: DmaEnvOptions = {}): DmaEnv {
  const kernel = bootKernel(opts.input ?? smallDmaRegions(), { bugs: opts.bugs, check: opts.check });
  const ks = buildKernelAddressSpace(kernel);
  const irqs = new IrqLines();
  const clock = new MachineClock().addCpu('cpu0', ks.cpu.tlb.stats);
  const platform = opts.units === false ? null : new DmaPlatform(kernel.machine.memory, { units: opts.units ?? [{ scope: 'all' }], cache: opts.cache ?? {}, msi: irqs, clock });
  if (platform !== null) {
    for (const u of platform.units) clock.addDevice(u.name, u.stats);
    clock.addDevice('dma-bus', platform.bus.stats);
  }
  const cache = platform?.cache ?? null;
  const cpu: CpuMemoryPort = cache === null
    ? directCpuMemory(kernel.machine.memory)
    : { read: (pa, len, c) => cache.readBytes(pa, len, c === 'Uncacheable' ? 'UC' : 'WB'), write: (pa, d, c) => cache.writeBytes(pa, d, c === 'Uncacheable' ? 'UC' : 'WB'), clflush: (pa) => cache.clflush(pa) };
  const iommuKernel = new IommuKernel(kernel);
  const iommu = new IommuSystem(iommuKernel);
  const linearBase = ks.report.layout.linearMapping.start;
  const dma = new DmaSystem({ iommu, kernelPageTable: ks.pageTable, linearBase, cpu, bugs: kernel.bugs, check: opts.check ?? false });
  if (platform !== null) {
    dma.deviceView = (d, daddr, write) => {
      const loc = new PciLocation(d.bus, d.device, d.function);
      const unit = platform.bus.unitFor(loc);
      if (unit === null) return daddr;
      const r = unit.walk(loc.sourceId, daddr, write);
      return r < 0 ? null : r;
    };
  }
  const devices = new Map<string, PciDevice>();
  const specs = opts.devices ?? [{ at: '00:03.0', kind: 'block' }, { at: '00:1f.7', kind: 'malicious' }];
  let env: DmaEnv;
  const remapping = platform === null ? null : new Remapping(iommuKernel, {
    kernel: { pageTable: ks.pageTable, mmu: ks.mmu, cpu: ks.cpu, linearBase },
    dmar: platform.dmar,
    irqs,
    onFaultStep: (u, s) => opts.onFaultStep?.(u, s, env),
  });
  if (platform !== null) {
    for (const d of specs) {
      const loc = PciLocation.parse(d.at);
      const dev = d.kind === 'block' ? new BlockDevice(loc, platform.bus) : d.kind === 'malicious' ? new MaliciousDevice(loc, platform.bus) : new PciDevice(loc, platform.bus);
      devices.set(d.at, dev);
    }
  }
  dma.devicesPresent = () => [...devices.values()].map((d) => ({ bus: d.location.bus, device: d.location.device, function: d.location.fn }));
  const device = <T extends PciDevice = PciDevice>(at: string): T => {
    const d = devices.get(at);
    if (d === undefined) throw new Error(`dmaEnv: no device at ${at} (devices: ${[...devices.keys()].join(', ') || 'none'})`);
    return d as T;
  };
  env = {
    kernel, ks, platform, clock, irqs, iommuKernel, iommu, remapping, dma, devices, device,
    initIommu: () => iommuInit(iommu, { ...(remapping ? { remapping } : {}), onStep: (s, root) => opts.onInitStep?.(s, env, root) }),
    deliverInterrupts: () => irqs.deliverPending(),
    dmaWrite: (at, daddr, data) => { const r = device(at).dmaWrite(daddr, data); irqs.deliverPending(); return r; },
    dmaRead: (at, daddr, len) => { const r = device(at).dmaRead(daddr, len); irqs.deliverPending(); return r; },
  };
  if (opts.init !== false && platform !== null) env.initIommu();
  return env;
}
