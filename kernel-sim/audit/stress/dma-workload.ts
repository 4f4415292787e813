/**
 * Random DMA on a machine with two VT-d units (00:04.0 and 01:00.0 behind the first, every other
 * device behind the second, four fault records each), a CPU cache and five devices: a block
 * device with a `DmaCoherent` descriptor ring, three plain devices on buses 0, 1 and 2, and a
 * malicious one that never maps anything; one map in six is for a location with no device (up
 * to 24, on buses 3..255), so the driver keeps making context tables. Operations: `DmaCoherent` / `DmaStream` map (every
 * direction), clone and drop; CPU reads and writes; device reads and writes of the device's own
 * buffers; a device-to-memory receive after the CPU dirtied the buffer (DME-01); block-device
 * transfers through the ring; bursts of faulting accesses (another device's buffer probed by the
 * malicious device, pages a device unmapped, device addresses never mapped, past the address
 * width, the IOMMU root table); and misuse (a second map of mapped frames, a sync past the end).
 * Checking mode is on (Target 14 live at each map, Targets 2-5 after each page operation).
 *
 * The reference model: the bytes each buffer holds (and each block sector), which device
 * addresses each device reaches (the pages of its live buffers, at daddr = paddr, nothing else),
 * the fault each blocked access must leave (source, page, direction), handled by the kernel's
 * handler once the interrupts are delivered with no record left pending and no interrupt lost,
 * and frame conservation: a buffer's frames have one owner in the ownership ledger (the segment
 * its mapping holds), and every allocated frame is a buffer the model holds or a node of the
 * translation structures or the kernel page table (counted by walking them in memory). At
 * checkpoints also Target 14 on the whole state and the hardware walk of every buffer page.
 *
 * The driver follows `sync`'s fixed documentation: a stream's range is synced before each
 * device access to it, and the CPU does not touch it in between. The CPU side of a stream is
 * left clean (synced) before its last handle drops, because the model zeroes freed frames in
 * RAM, not through the cache, and a `DmaCoherent` map does not flush lines (both would give
 * stale bytes the kernel is not to blame for).
 *
 * An access that lands where the model says blocked is a violation whether the tables let it
 * through or a cached translation did (a stale IOTLB entry after unmap, IOT-01; another
 * device's entry under a shared domain id, DID-01). Stale probes are of pages no device maps now.
 * @module
 */
import type { BugSet } from '../../bugs/index.js';
import { dmaEnv, type DmaEnv } from '../../kernel/index.js';
import {
  BLOCK_DESCRIPTOR_SIZE, BlockOp, BlockStatus, encodeBlockDescriptor, PciLocation, SECTOR_SIZE, type BlockDevice, type DmaRemappingUnit, type PciDevice,
} from '../../machine/index.js';
import { DmaCoherent, DmaError, DmaStream, dmaReceive, type DmaDirection } from '../../mm/dma/index.js';
import { pciLocation, type PciDeviceLocation } from '../../mm/iommu/index.js';
import type { SeededRng } from '../../util/seeded-rng.js';
import { checkTarget14 } from '../targets/target-14-iommu.js';
import { kernelTableFrames, translationFrames } from './dma-frames.js';
import { stressRegions, sweepPageState } from './stress-kernel.js';
import { expectClean, expectModel, randomBytes, sameBytes, thrown, type StressRun, type StressWorkload } from './workload.js';

const NAME = 'dma';
const PAGE = 4096;
const RING_ENTRIES = 16;
const MAX_BUFFERS = 6;
/** Device addresses no buffer ever has: past the 10 MiB of RAM, below the 39-bit width. */
const WILD = 0x4000_0000;
const DIRECTIONS: readonly DmaDirection[] = ['ToDevice', 'FromDevice', 'Bidirectional'];

interface Dev {
  readonly at: string;
  /** The device (null: a location with no device on the machine, mapped for table churn). */
  readonly dev: PciDevice | null;
  readonly loc: PciDeviceLocation;
  readonly sid: number;
  readonly unit: DmaRemappingUnit | null;
  readonly kind: 'block' | 'plain' | 'malicious';
  /** Pages this device had mapped, most recent last. */
  readonly stale: number[];
}

interface Buf {
  readonly stream: boolean;
  readonly handles: (DmaCoherent | DmaStream)[];
  readonly owner: Dev;
  readonly paddr: number;
  readonly frames: number;
  readonly dir: DmaDirection;
  readonly data: Uint8Array;
}

/** A fault the model expects the kernel's handler to see. */
type Fault = string;
const fault = (sid: number, daddr: number, write: boolean): Fault => `${sid}:${Math.floor(daddr / PAGE) * PAGE}:${write ? 'w' : 'r'}`;

/** The DMA / IOMMU workload. */
export const dmaWorkload: StressWorkload = {
  name: NAME,
  covers: 'DmaCoherent / DmaStream map, sync, CPU and device reads and writes, receive, block transfers, clone, drop; faulting DMA; 2 VT-d units, 5 devices',
  start(bugs: BugSet, rng: SeededRng): StressRun {
    const env = dmaEnv({
      input: stressRegions(8), bugs: [...bugs], check: true,
      units: [{ scope: ['00:04.0', '01:00.0'], faultRecords: 4 }, { scope: 'all', faultRecords: 4 }],
      devices: [
        { at: '00:03.0', kind: 'block' }, { at: '00:04.0', kind: 'plain' }, { at: '01:00.0', kind: 'plain' },
        { at: '02:05.3', kind: 'plain' }, { at: '00:1f.7', kind: 'malicious' },
      ],
    });
    return new DmaRun(env, rng);
  },
};

class DmaRun implements StressRun {
  private readonly devs: Dev[];
  private readonly workers: Dev[];
  private readonly evil: Dev;
  private readonly block: Dev;
  private readonly bufs: Buf[] = [];
  /** Locations mapped for with no device behind them. */
  private readonly phantoms: Dev[] = [];
  /** The block device's descriptor ring, mapped by the first operation. */
  private ring: DmaCoherent | null = null;
  private readonly sectors = new Map<number, Uint8Array>();
  private tail = 0;
  private expected: Fault[] = [];
  /** Faults each unit's handler had processed at the last delivery. */
  private readonly handledSeen = new Map<object, number>();
  private readonly base: number;

  constructor(private readonly env: DmaEnv, private readonly rng: SeededRng) {
    const bus = env.platform!.bus;
    this.devs = [...env.devices.entries()].map(([at, dev]) => {
      const l = PciLocation.parse(at);
      const kind = at === '00:03.0' ? 'block' : at === '00:1f.7' ? 'malicious' : 'plain';
      return { at, dev, loc: pciLocation(l.bus, l.device, l.fn), sid: dev.sourceId, unit: bus.unitFor(dev.location), kind, stale: [] };
    });
    this.workers = this.devs.filter((d) => d.kind !== 'malicious');
    this.evil = this.devs.find((d) => d.kind === 'malicious')!;
    this.block = this.devs.find((d) => d.kind === 'block')!;
    this.base = this.allocated() - this.accountedFrames();
  }

  step(): void {
    if (this.ring === null) {
      this.ring = DmaCoherent.map(this.env.dma, this.env.kernel.frames.allocContiguous(1)!, false, this.block.loc);
      (this.block.dev as BlockDevice).configureRing(this.ring.daddr(), RING_ENTRIES);
      this.deliver();
      return;
    }
    const r = this.rng;
    const opIx = r.weighted([3, 3, 3, 3, 3, 1, 2, 1, 2, 3, 1]);
    switch (opIx) {
      case 0: this.map(); break;
      case 1: this.cpuWrite(); break;
      case 2: this.cpuRead(); break;
      case 3: this.deviceWrite(); break;
      case 4: this.deviceRead(); break;
      case 5: this.receive(); break;
      case 6: this.blockIo(); break;
      case 7: this.clone(); break;
      case 8: this.drop(); break;
      case 9: this.burst(); break;
      default: this.misuse(); break;
    }
    this.deliver();
  }

  checkpoint(): void {
    const env = this.env;
    for (const b of this.bufs) {
      if (b.dir !== 'ToDevice' || !b.stream) {
        const got = new Uint8Array(b.data.length);
        b.handles[0]!.readBytes(0, got);
        this.expect(sameBytes(got, b.data), () => `the ${b.frames}-frame ${b.stream ? `${b.dir} stream` : 'coherent buffer'} of ${b.owner.at} at ${hex(b.paddr)} holds other bytes than were written`);
      }
      for (let i = 0; i < b.frames; i++) {
        const pa = b.paddr + i * PAGE;
        const got = this.walk(b.owner, pa, true);
        this.expect(got === pa, () => `page ${hex(pa)} of a buffer of ${b.owner.at} translates to ${got < 0 ? `nothing (reason ${-got})` : hex(got)} in the unit's tables`);
        const evil = this.walk(this.evil, pa, false);
        this.expect(evil < 0, () => `the malicious device's tables reach page ${hex(pa)} of a buffer of ${b.owner.at}`);
      }
    }
    // The ownership ledger: a buffer's frames are owned once, by the segment its mapping holds.
    const ledger = env.kernel.pages.ledger;
    for (const b of this.bufs) {
      for (let i = 0; i < b.frames; i++) {
        const f = b.paddr / PAGE + i;
        this.expect(ledger.owners(f) === 1, () => `frame ${hex(f * PAGE)} of a buffer of ${b.owner.at} has ${ledger.owners(f)} owners in the ledger, not its segment alone`);
      }
    }
    const t14 = checkTarget14(env);
    if (!t14.ok) expectClean('Target 14 sweep', t14.properties.flatMap((p) => p.violations));
    const have = this.allocated();
    const want = this.base + this.accountedFrames();
    this.expect(have === want, () => `${have} frames allocated, ${want} accounted for (buffers, IOMMU structures, kernel page table)`);
    sweepPageState(env.kernel, 'stress dma checkpoint');
  }

  // ---- operations ----------------------------------------------------------------------

  private map(): void {
    // One map in six is for a location with no device (a bus of its own): context-table churn.
    const d = this.rng.below(6) === 0 ? this.phantom() : this.pick(this.workers)!;
    if (this.bufs.filter((b) => b.owner === d).length >= MAX_BUFFERS) return;
    const n = 1 + this.rng.below(this.rng.below(4) === 0 ? 8 : 3);
    const seg = this.env.kernel.frames.allocContiguous(n);
    if (seg === null) return;
    const paddr = seg.startPaddr();
    const stream = this.rng.below(3) !== 0;
    const dir = DIRECTIONS[this.rng.below(3)]!;
    const h = stream ? DmaStream.map(this.env.dma, seg, dir, false, d.loc) : DmaCoherent.map(this.env.dma, seg, false, d.loc);
    this.expect(h.daddr() === paddr && h.nbytes() === n * PAGE, () => `a ${n}-frame map at ${hex(paddr)} gave daddr ${hex(h.daddr())}, ${h.nbytes()} bytes`);
    this.bufs.push({ stream, handles: [h], owner: d, paddr, frames: n, dir: stream ? dir : 'Bidirectional', data: new Uint8Array(n * PAGE) });
  }

  private cpuWrite(): void {
    const b = this.pick(this.bufs);
    if (b === undefined) return;
    const [off, len] = this.span(b);
    const bytes = randomBytes(this.rng, len);
    const e = thrown(() => this.handle(b).writeBytes(off, bytes));
    if (b.stream && b.dir === 'FromDevice') {
      this.expect(e instanceof DmaError && e.kind === 'AccessDenied', () => `a CPU write into a FromDevice stream was ${e === undefined ? 'allowed' : `refused with ${String(e)}`}`);
      return;
    }
    if (e !== undefined) throw e;
    b.data.set(bytes, off);
  }

  private cpuRead(): void {
    const b = this.pick(this.bufs);
    if (b === undefined) return;
    const [off, len] = this.span(b);
    const got = new Uint8Array(len);
    const e = thrown(() => this.handle(b).readBytes(off, got));
    if (b.stream && b.dir === 'ToDevice') {
      this.expect(e instanceof DmaError && e.kind === 'AccessDenied', () => `a CPU read of a ToDevice stream was ${e === undefined ? 'allowed' : `refused with ${String(e)}`}`);
      return;
    }
    if (e !== undefined) throw e;
    this.expect(sameBytes(got, b.data.subarray(off, off + len)), () => `the CPU read other bytes at ${hex(b.paddr + off)} (+${len}) of a buffer of ${b.owner.at} than were written`);
  }

  private deviceWrite(): void {
    const b = this.pick(this.bufs.filter((x) => x.owner.dev !== null && (!x.stream || x.dir !== 'ToDevice')));
    if (b === undefined) return;
    const [off, len] = this.span(b);
    const bytes = randomBytes(this.rng, len);
    this.syncFor(b, off, len);
    const r = b.owner.dev!.dmaWrite(b.paddr + off, bytes);
    this.expect(r.ok, () => `${b.owner.at}'s DMA write into its own buffer at ${hex(b.paddr + off)} (+${len}) was blocked at ${hex(r.blockedAt ?? -1)} (reason ${r.reason ?? '?'})`);
    b.data.set(bytes, off);
  }

  private deviceRead(): void {
    const b = this.pick(this.bufs.filter((x) => x.owner.dev !== null));
    if (b === undefined) return;
    const [off, len] = this.span(b);
    this.syncFor(b, off, len);
    const r = b.owner.dev!.dmaRead(b.paddr + off, len);
    this.expect(r.ok, () => `${b.owner.at}'s DMA read of its own buffer at ${hex(b.paddr + off)} (+${len}) was blocked (reason ${r.reason ?? '?'})`);
    this.expect(sameBytes(r.data!, b.data.subarray(off, off + len)), () => `${b.owner.at} read other bytes from its buffer at ${hex(b.paddr + off)} (+${len}) than the CPU and devices wrote`);
  }

  // DME-01: the CPU dirties a bidirectional stream, then the device writes it as dmaReceive does.
  private receive(): void {
    const b = this.pick(this.bufs.filter((x) => x.owner.dev !== null && x.stream && x.dir === 'Bidirectional'));
    if (b === undefined) return;
    const s = this.handle(b) as DmaStream;
    const len = Math.min(b.data.length, 64 * (1 + this.rng.below(64)));
    const dirty = randomBytes(this.rng, Math.min(len, 256));
    s.writeBytes(0, dirty);
    b.data.set(dirty, 0);
    const pattern = randomBytes(this.rng, len);
    const got = dmaReceive(s, () => {
      const r = b.owner.dev!.dmaWrite(b.paddr, pattern);
      this.expect(r.ok, () => `${b.owner.at}'s receive DMA into its own stream at ${hex(b.paddr)} was blocked`);
    }, len);
    b.data.set(pattern, 0);
    let bad = 0;
    for (let i = 0; i < len; i++) if (got[i] !== pattern[i]) bad++;
    this.expect(bad === 0, () => `after a receive of ${len} bytes into ${b.owner.at}'s stream at ${hex(b.paddr)}, the CPU reads ${bad} bytes other than the device wrote`);
  }

  private blockIo(): void {
    const b = this.pick(this.bufs.filter((x) => x.owner === this.block));
    if (b === undefined) return;
    const sectors = Math.min(b.frames * 8, 1 + this.rng.below(8));
    const len = sectors * SECTOR_SIZE;
    const toDisk = b.stream ? (b.dir === 'ToDevice' || (b.dir === 'Bidirectional' && this.rng.below(2) === 0)) : this.rng.below(2) === 0;
    const sector = this.rng.below(256);
    this.syncFor(b, 0, len);
    const slot = this.tail;
    const ring = this.ring!;
    ring.writeBytes(slot * BLOCK_DESCRIPTOR_SIZE, encodeBlockDescriptor({ buffer: b.paddr, sector, length: len, op: toDisk ? BlockOp.Write : BlockOp.Read }));
    this.tail = (this.tail + 1) % RING_ENTRIES;
    (this.block.dev as BlockDevice).notify(this.tail);
    const st = new Uint8Array(2);
    ring.readBytes(slot * BLOCK_DESCRIPTOR_SIZE + 22, st);
    this.expect(st[0] === BlockStatus.Done, () => `block transfer of ${len} bytes ${toDisk ? 'from' : 'into'} ${hex(b.paddr)} ended with status ${st[0]}`);
    for (let i = 0; i < sectors; i++) {
      if (toDisk) this.sectors.set(sector + i, b.data.slice(i * SECTOR_SIZE, (i + 1) * SECTOR_SIZE));
      else b.data.set(this.sectors.get(sector + i) ?? new Uint8Array(SECTOR_SIZE), i * SECTOR_SIZE);
    }
  }

  private clone(): void {
    const b = this.pick(this.bufs);
    if (b === undefined || b.handles.length >= 3) return;
    b.handles.push(this.handle(b).clone());
  }

  private drop(): void {
    const b = this.pick(this.bufs);
    if (b === undefined) return;
    const i = this.rng.below(b.handles.length);
    const h = b.handles[i]!;
    if (b.handles.length === 1) {
      if (b.stream) (h as DmaStream).sync(0, b.data.length); // leave no cache lines (see the module notes)
      this.bufs.splice(this.bufs.indexOf(b), 1);
      for (let p = 0; p < b.frames; p++) b.owner.stale.push(b.paddr + p * PAGE);
      if (b.owner.stale.length > 32) b.owner.stale.splice(0, b.owner.stale.length - 32);
    }
    h.drop();
    b.handles.splice(i, 1);
    this.expect(thrown(() => h.daddr()) !== undefined, () => 'a dropped DMA handle still answers daddr()');
  }

  // 1..3 faulting accesses by distinct devices, then one delivery.
  private burst(): void {
    const n = 1 + this.rng.below(3);
    const used = new Set<Dev>();
    for (let k = 0; k < n; k++) {
      const kind = this.rng.below(5);
      if (kind === 0) {
        // Another device's buffer: probed by the device with no context entry or by one with a
        // table of its own.
        const b = this.pick(this.bufs);
        if (b === undefined) continue;
        const others = this.workers.filter((x) => x !== b.owner && x.dev !== null && !used.has(x));
        const viaOther = this.rng.below(2) === 0;
        const other = this.pick(others);
        const d = viaOther && other !== undefined ? other : this.evil;
        if (used.has(d)) continue;
        used.add(d);
        this.probe(d, b.paddr + this.rng.below(b.frames) * PAGE + 64 * this.rng.below(64), this.rng.below(2) === 0);
        continue;
      }
      const d = this.pick(this.devs.filter((x) => !used.has(x)));
      if (d === undefined) return;
      used.add(d);
      if (kind === 1) {
        const live = new Set(this.bufs.flatMap((b) => Array.from({ length: b.frames }, (_, p) => b.paddr + p * PAGE)));
        const page = this.pick(d.stale.filter((p) => !live.has(p)));
        const write = this.rng.below(2) === 0;
        if (page !== undefined) this.probe(d, page + 64 * this.rng.below(64), write);
      } else if (kind === 2) this.probe(d, WILD + this.rng.below(1 << 16) * PAGE, this.rng.below(2) === 0);
      else if (kind === 3) this.probe(d, 2 ** 39 + this.rng.below(1 << 10) * PAGE, this.rng.below(2) === 0);
      else this.probe(d, this.env.iommu.pageTable!.paddr(), this.rng.below(2) === 0);
    }
  }

  // A DMA access the model says must be blocked: it leaves one fault for the handler.
  private probe(d: Dev, daddr: number, write: boolean): void {
    const r = write ? d.dev!.dmaWrite(daddr, new Uint8Array(8).fill(0xee)) : d.dev!.dmaRead(daddr, 8);
    if (!r.ok) {
      this.expect(r.reason !== undefined && r.reason > 0 && r.blockedAt === daddr, () => `${d.at}'s ${write ? 'write' : 'read'} at ${hex(daddr)} ended ${r.reason === 0 ? 'in a master abort (translated into no RAM)' : `blocked at ${hex(r.blockedAt ?? -1)}`}, not blocked by its unit`);
      this.expected.push(fault(d.sid, daddr, write));
      return;
    }
    const walked = this.walk(d, daddr, write);
    this.expect(walked < 0, () => `${d.at} reached ${hex(daddr)} (${write ? 'write' : 'read'}), which the model has unmapped for it: the unit's tables translate it to ${hex(walked)}`);
    this.expect(false, () => `${d.at} reached ${hex(daddr)} (${write ? 'write' : 'read'}) through a cached translation (IOTLB); the unit's tables block it`);
  }

  private misuse(): void {
    if (this.rng.below(2) === 0) {
      const b = this.pick(this.bufs.filter((x) => x.stream));
      if (b === undefined) return;
      const e = thrown(() => (this.handle(b) as DmaStream).sync(0, b.data.length + 1 + this.rng.below(PAGE)));
      this.expect(e instanceof DmaError && e.kind === 'InvalidArgs', () => `sync past the end of a stream was ${e === undefined ? 'accepted' : `refused with ${String(e)}`}`);
      return;
    }
    // A second mapping of frames already mapped: refused, nothing changed, the segment the caller's.
    const d = this.pick(this.workers)!;
    const seg = this.env.kernel.frames.allocContiguous(1);
    if (seg === null) return;
    const dup = seg.clone();
    const h = DmaStream.map(this.env.dma, seg, 'Bidirectional', false, d.loc);
    const e = thrown(() => DmaCoherent.map(this.env.dma, dup, false, this.pick(this.workers)!.loc));
    this.expect(e instanceof DmaError && e.kind === 'AlreadyMapped', () => `a second map of mapped frames was ${e === undefined ? 'accepted' : `refused with ${String(e)}`}`);
    dup.drop();
    this.bufs.push({ stream: true, handles: [h], owner: d, paddr: h.paddr(), frames: 1, dir: 'Bidirectional', data: new Uint8Array(PAGE) });
  }

  // A device location on bus 3..255 with nothing there (the next context tables the driver makes).
  private phantom(): Dev {
    if (this.phantoms.length >= 24) return this.pick(this.phantoms)!; // the tables it made stay: keep RAM for buffers
    const bus = 3 + this.rng.below(253);
    const loc = pciLocation(bus, this.rng.below(32), this.rng.below(8));
    const at = new PciLocation(loc.bus, loc.device, loc.function);
    const known = this.phantoms.find((p) => p.sid === at.sourceId);
    if (known !== undefined) return known;
    const d: Dev = { at: at.toString(), dev: null, loc, sid: at.sourceId, unit: this.env.platform!.bus.unitFor(at), kind: 'plain', stale: [] };
    this.phantoms.push(d);
    return d;
  }

  // ---- the model's checks --------------------------------------------------------------

  // Delivers the interrupts; the handler must have seen exactly the faults expected, left none.
  private deliver(): void {
    const env = this.env;
    env.deliverInterrupts();
    const got: Fault[] = [];
    for (const u of env.remapping?.units ?? []) {
      const h = u.fault.handled;
      for (let i = this.handledSeen.get(u) ?? 0; i < h.length; i++) got.push(fault(h[i]!.sourceId, h[i]!.address, h[i]!.write));
      this.handledSeen.set(u, h.length);
    }
    got.sort();
    const want = this.expected.sort();
    this.expected = [];
    this.expect(got.length === want.length && got.every((g, i) => g === want[i]), () => `the fault handler saw [${got.join(', ')}] (source:page:r/w); the accesses blocked leave [${want.join(', ')}]`);
    for (const u of env.platform!.units) this.expect(u.faults.pending === 0, () => `${u.faults.pending} fault records of ${u.name} still pending after the interrupts were delivered`);
    this.expect(env.irqs.stats.lost === 0, () => `${env.irqs.stats.lost} fault interrupts reached no handler`);
  }

  private expect(ok: boolean, detail: () => string): void {
    expectModel(NAME, ok, detail);
  }

  // The hardware walk (no caches) for `d`: the paddr, or -reason; the address itself with no unit.
  private walk(d: Dev, daddr: number, write: boolean): number {
    return d.unit === null ? daddr : d.unit.walk(d.sid, daddr, write);
  }

  private syncFor(b: Buf, off: number, len: number): void {
    if (b.stream) (this.handle(b) as DmaStream).sync(Math.floor(off / 64) * 64, Math.min(b.data.length, off + len));
  }

  private allocated(): number {
    return this.env.kernel.frameAllocator.buddy.allocated;
  }

  private accountedFrames(): number {
    const mem = this.env.kernel.machine.memory;
    const buffers = this.bufs.reduce((n, b) => n + b.frames, 0) + (this.ring === null ? 0 : 1);
    return buffers + translationFrames(mem, this.env.iommu.pageTable!.paddr()) + kernelTableFrames(mem, this.env.ks.pageTable.rootPaddr());
  }

  private handle(b: Buf): DmaCoherent | DmaStream {
    return b.handles[this.rng.below(b.handles.length)]!;
  }

  private span(b: Buf): [number, number] {
    const off = this.rng.below(b.data.length);
    return [off, 1 + this.rng.below(Math.min(512, b.data.length - off))];
  }

  private pick<T>(xs: readonly T[]): T | undefined {
    return xs.length === 0 ? undefined : xs[this.rng.below(xs.length)];
  }
}

function hex(v: number): string {
  return `0x${v.toString(16)}`;
}
