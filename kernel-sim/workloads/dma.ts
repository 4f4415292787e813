/**
 * Runs a DMA workload ({@link DmaSpec}) on a {@link dmaEnv}: the kernel booted with its IOMMU
 * driver and DMA layer on VT-d unit(s), a CPU cache and PCI devices. Setup gives each block
 * device a `DmaCoherent` descriptor ring (uncached, as 232e62b maps non-coherent memory). Then
 * each step draws an operation and a device:
 * - `map`: a `DmaStream` of 1..bufferPages frames for the device, in a random direction;
 * - `unmap`: drops one of its streams (its device address is remembered as stale);
 * - `io`: a block device transfer: a descriptor written into the ring through the CPU, the
 *   doorbell, the device's descriptor fetch, data DMA and status write, all through the IOMMU;
 * - `receive`: the CPU dirties a bidirectional buffer, then a device-to-memory transfer as
 *   `dmaReceive` does it (DME-01 decides where `sync` goes); corrupted bytes are counted;
 * - `stray`: a device reads a stale or never-mapped device address (a fault, unless a stale
 *   IOTLB entry still translates it: counted as `staleHits`);
 * - `attack`: the malicious device writes into another device's buffer at its device address,
 *   or reads the IOMMU root table at its physical address; landed and blocked are counted.
 * After every step the pending fault interrupts are delivered to the kernel's handler. Faults
 * and IOTLB samples are traced (`FaultTrace`, stamped with the step and the machine clock's
 * cycle: the CPU's and the DMA hardware's cycles on one timeline, `dmaEnv`'s `MachineClock`).
 * @module
 */
import { dmaEnv, type DmaEnv } from '../kernel/index.js';
import { BlockDevice, BlockOp, BlockStatus, BLOCK_DESCRIPTOR_SIZE, encodeBlockDescriptor, FaultTrace, MaliciousDevice, PciLocation, type PciDevice } from '../machine/index.js';
import { DmaCoherent, DmaError, DmaStream, dmaReceive, type DmaDirection } from '../mm/dma/index.js';
import { pciLocation, type PciDeviceLocation } from '../mm/iommu/index.js';
import { SeededRng } from '../util/seeded-rng.js';
import { reportProgress, type OnProgress } from './progress.js';
import type { KernelInput } from '../kernel/index.js';
import { DMA_OPS, validateDmaSpec, type DmaOp, type DmaSpec } from './dma-spec.js';

/** Totals of a DMA run. */
export interface DmaTotals {
  /** Steps by operation drawn. */
  readonly ops: Record<DmaOp, number>;
  /** Steps that found nothing to act on (e.g. unmap with no buffer). */
  skipped: number;
  /** Maps refused (no frames). */
  mapFailures: number;
  /** Device DMA transfers (descriptor fetches, data, status, receives, strays, attacks). */
  deviceOps: number;
  /** Transfers that ended blocked. */
  blockedOps: number;
  /** Block-device descriptors completed / with a blocked DMA. */
  ioDone: number;
  ioBlocked: number;
  /** Receives, and receives whose bytes differ from what the device wrote (DME-01). */
  receives: number;
  corruptedReceives: number;
  corruptedBytes: number;
  /** Stray accesses that a stale IOTLB entry still translated. */
  staleHits: number;
  /** Malicious accesses that landed / were blocked. */
  attacksLanded: number;
  attacksBlocked: number;
  /** Fault interrupts delivered to the kernel's handler, and faults it processed. */
  interruptsDelivered: number;
  faultsHandled: number;
  /** Cycles of the run on the machine clock: the CPU's (MMU) and the DMA hardware's (translations, register accesses, transfers). */
  cpuCycles: number;
  deviceCycles: number;
}

/** The outcome of a DMA run. */
export interface DmaRun {
  readonly spec: DmaSpec;
  readonly env: DmaEnv;
  /** Kernel memory figures right after boot and `iommu::init`, before the first step. */
  readonly boot: ReturnType<DmaEnv['kernel']['stats']>;
  readonly totals: DmaTotals;
  /** Faults and IOTLB samples, stamped with the step. */
  readonly trace: FaultTrace;
  /** Device names by source id (`block@00:03.0`...). */
  readonly deviceNames: ReadonlyMap<number, string>;
}

interface DeviceState {
  readonly dev: PciDevice;
  readonly loc: PciDeviceLocation;
  readonly kind: 'block' | 'malicious' | 'plain';
  readonly streams: DmaStream[];
  ring: DmaCoherent | null;
  tail: number;
}

const DIRECTIONS: readonly DmaDirection[] = ['ToDevice', 'FromDevice', 'Bidirectional'];

/** Options of {@link runDma}. */
export interface RunDmaOptions {
  /** What to boot (default dmaEnv's: the q35-128M map below 4 GiB). */
  readonly input?: KernelInput;
  readonly bugs?: string | readonly string[];
  readonly check?: boolean;
  /** Told how many steps are done, for a progress bar. */
  readonly onProgress?: OnProgress;
}

/**
 * Runs `spec` (validated first).
 * @throws WorkloadSpecError for a bad spec; dmaEnv's errors (boot, DMAR, driver) for a bad machine
 */
export function runDma(input: unknown, opts: RunDmaOptions = {}): DmaRun {
  const spec = validateDmaSpec(input);
  const env = dmaEnv({
    ...(opts.input !== undefined ? { input: opts.input } : {}), bugs: opts.bugs, check: opts.check,
    ...(spec.units ? { units: spec.units.map((u) => ({ scope: u.scope, ...(u.faultRecords ? { faultRecords: u.faultRecords } : {}) })) } : {}),
    devices: spec.devices.map((d) => ({ at: d.at, kind: d.kind })),
  });
  const boot = env.kernel.stats();
  const rng = new SeededRng(spec.seed);
  const trace = new FaultTrace(env.platform?.units ?? []);
  const ringEntries = spec.ringEntries ?? 16;
  const states: DeviceState[] = spec.devices.map((d) => {
    const l = PciLocation.parse(d.at);
    return { dev: env.device(d.at), loc: pciLocation(l.bus, l.device, l.fn), kind: d.kind, streams: [], ring: null, tail: 0 };
  });
  const deviceNames = new Map(states.map((s) => [s.dev.sourceId, `${s.kind}@${s.dev.location.toString()}`] as const));
  for (const s of states) {
    if (s.kind !== 'block') continue;
    const seg = env.kernel.frames.allocContiguous(1);
    if (seg === null) throw new DmaError('InvalidArgs', 'runDma', 'no frame for a descriptor ring');
    s.ring = DmaCoherent.map(env.dma, seg, false, s.loc);
    (s.dev as BlockDevice).configureRing(s.ring.daddr(), ringEntries);
  }
  const totals: DmaTotals = {
    ops: Object.fromEntries(DMA_OPS.map((o) => [o, 0])) as Record<DmaOp, number>, skipped: 0, mapFailures: 0, deviceOps: 0,
    blockedOps: 0, ioDone: 0, ioBlocked: 0, receives: 0, corruptedReceives: 0, corruptedBytes: 0, staleHits: 0,
    attacksLanded: 0, attacksBlocked: 0, interruptsDelivered: 0, faultsHandled: 0, cpuCycles: 0, deviceCycles: 0,
  };
  const cpu0 = env.clock.cyclesOf('cpu');
  const dev0 = env.clock.cyclesOf('device');
  const weights = DMA_OPS.map((o) => spec.ops[o] ?? 0);
  const workers = states.filter((s) => s.kind !== 'malicious');
  const attackers = states.filter((s) => s.kind === 'malicious');
  const stale: number[] = [];
  const maxBuffers = spec.maxBuffers ?? 8;
  const bufferPages = spec.bufferPages ?? 4;
  const sampleEvery = spec.sampleEvery ?? 100;
  const bus = env.platform?.bus;
  const opsBefore = (): number => (bus ? bus.stats.reads + bus.stats.writes : 0);
  const blockedBefore = (): number => (bus ? bus.stats.blocked + bus.stats.masterAborts : 0);
  const ops0 = opsBefore();
  const blocked0 = blockedBefore();

  const pick = <T>(xs: readonly T[]): T | undefined => (xs.length === 0 ? undefined : xs[rng.below(xs.length)]);

  for (let step = 0; step < spec.steps; step++) {
    trace.stamp = step;
    const op = DMA_OPS[rng.weighted(weights)]!;
    totals.ops[op]++;
    let acted = true;
    switch (op) {
      case 'map': {
        const s = pick(workers)!;
        if (s.streams.length >= maxBuffers) { acted = false; break; }
        const seg = env.kernel.frames.allocContiguous(rng.int(1, bufferPages));
        if (seg === null) { totals.mapFailures++; break; }
        s.streams.push(DmaStream.map(env.dma, seg, DIRECTIONS[rng.below(3)]!, false, s.loc));
        break;
      }
      case 'unmap': {
        const s = pick(workers.filter((w) => w.streams.length > 0));
        if (!s) { acted = false; break; }
        const i = rng.below(s.streams.length);
        const st = s.streams[i]!;
        stale.push(st.daddr());
        if (stale.length > 64) stale.shift();
        st.drop();
        s.streams.splice(i, 1);
        break;
      }
      case 'io': {
        const s = pick(workers.filter((w) => w.kind === 'block' && w.streams.length > 0));
        if (!s) { acted = false; break; }
        const st = pick(s.streams)!;
        const toDisk = st.direction() === 'ToDevice' || (st.direction() === 'Bidirectional' && rng.below(2) === 0);
        const len = Math.min(st.nbytes(), 512 * rng.int(1, 8));
        const slot = s.tail;
        s.ring!.writeBytes(slot * BLOCK_DESCRIPTOR_SIZE, encodeBlockDescriptor({ buffer: st.daddr(), sector: rng.below(1 << 16), length: len, op: toDisk ? BlockOp.Write : BlockOp.Read }));
        s.tail = (s.tail + 1) % ringEntries;
        const blk = s.dev as BlockDevice;
        const before = blk.blockStats.completed;
        blk.notify(s.tail);
        const status = new Uint8Array(2);
        s.ring!.readBytes(slot * BLOCK_DESCRIPTOR_SIZE + 22, status);
        if (blk.blockStats.completed > before) totals.ioDone++;
        if (status[0] === BlockStatus.DmaBlocked) totals.ioBlocked++;
        break;
      }
      case 'receive': {
        const s = pick(workers.filter((w) => w.streams.some((x) => x.direction() === 'Bidirectional')));
        if (!s) { acted = false; break; }
        const st = pick(s.streams.filter((x) => x.direction() === 'Bidirectional'))!;
        const len = Math.min(st.nbytes(), 64 * rng.int(1, 64));
        st.writeBytes(0, new Uint8Array(Math.min(len, 256)).fill(0xcc)); // the CPU touched the buffer (dirty lines)
        const pattern = new Uint8Array(len);
        for (let i = 0; i < len; i++) pattern[i] = ((step + i) & 0xff) | 1;
        const got = dmaReceive(st, () => { s.dev.dmaWrite(st.daddr(), pattern); }, len);
        totals.receives++;
        let bad = 0;
        for (let i = 0; i < len; i++) if (got[i] !== pattern[i]) bad++;
        if (bad > 0) totals.corruptedReceives++;
        totals.corruptedBytes += bad;
        break;
      }
      case 'stray': {
        const s = pick(workers)!;
        const daddr = stale.length > 0 && rng.below(2) === 0 ? pick(stale)! : 0x8000_0000 + rng.below(1 << 18) * 4096;
        // Landing where the tables map nothing: a stale IOTLB entry translated it (a frame since
        // mapped again at the same device address is a current mapping, not stale).
        const unit = bus!.unitFor(s.dev.location);
        if (s.dev.dmaRead(daddr, 64).ok && unit !== null && unit.walk(s.dev.sourceId, daddr, false) < 0) totals.staleHits++;
        break;
      }
      case 'attack': {
        const a = pick(attackers) ?? undefined;
        if (!a) { acted = false; break; }
        const evil = a.dev as MaliciousDevice;
        const victim = pick(workers.filter((w) => w.streams.length > 0));
        const root = env.iommu.pageTable?.paddr();
        const r = victim && (root === undefined || rng.below(2) === 0)
          ? evil.attackWrite(pick(victim.streams)!.daddr(), new Uint8Array(64).fill(0xee), `buffer of ${victim.dev.location.toString()}`)
          : root !== undefined ? evil.attackRead(root, 64, 'IOMMU root table') : null;
        if (r === null) { acted = false; break; }
        if (r.ok) totals.attacksLanded++;
        else totals.attacksBlocked++;
        break;
      }
    }
    if (!acted) totals.skipped++;
    totals.interruptsDelivered += env.deliverInterrupts();
    if ((step + 1) % sampleEvery === 0) trace.sampleIotlb();
    reportProgress(opts.onProgress, step + 1, spec.steps);
  }
  totals.deviceOps = opsBefore() - ops0;
  totals.blockedOps = blockedBefore() - blocked0;
  totals.faultsHandled = (env.remapping?.units ?? []).reduce((n, u) => n + u.fault.handled.length, 0);
  totals.cpuCycles = env.clock.cyclesOf('cpu') - cpu0;
  totals.deviceCycles = env.clock.cyclesOf('device') - dev0;
  return { spec, env, boot, totals, trace, deviceNames };
}
