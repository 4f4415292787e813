/**
 * Verification Target 14 (correctness of the IOMMU translation structures, FG5.3.1) over a
 * {@link DmaEnv}, read the way the hardware reads them — from each unit's latched root table and
 * translation-enable bit, through root, context and second-level entries in memory:
 * 1. device address mapping correctness: every live DMA mapping translates, for its device, to
 *    the page mapped; and every translation a device has leads to a page of a DMA mapping of that
 *    device (MOI-02 audited breaks it: one table for all devices);
 * 2. kernel memory protection: no translation of any context reaches a kernel frame (Kernel,
 *    PageTable, Meta pages, and the IOMMU's own root and context tables); every present root and
 *    context entry is one the kernel made; no unit covering devices has translation off or a
 *    pass-through context (MOI-03 audited: forged entries; REM-01 audited: a unit left off);
 * 3. information flow ({@link informationFlow}): two runs from states equal on the DMA regions,
 *    with different other work between (CPU writes elsewhere, a malicious device's DMA), end
 *    equal on the DMA regions (MOI-02 and REM-01 audited break it).
 * Live in checking mode: `DmaCoherent.map` / `DmaStream.map` check properties 1 and 2 for each
 * new mapping (`mm/dma/dma-mapping.ts`).
 * @module
 */
import { dmaEnv, type DmaEnv, type DmaEnvOptions } from '../../kernel/index.js';
import { hex, PAGE_SIZE, PciLocation, type MaliciousDevice } from '../../machine/index.js';
import { DmaCoherent } from '../../mm/dma/index.js';
import { contextEntryFields, deviceMappings, entryAddr, entryPresent, formatLocation, locationOfSourceId, pciLocation, readEntry } from '../../mm/iommu/index.js';
import { PAGE_USAGE, usageName } from '../../mm/page/index.js';
import { property, targetReport, type PropertyResult, type TargetReport } from './property-result.js';

const MAX = 20;

/** One device context as the hardware finds it. */
interface HwContext {
  readonly unit: number;
  readonly sid: number;
  readonly table: number;
  readonly levels: number;
  readonly tt: number;
}

/** Properties 1 and 2 on the state of `env` now. */
export function checkTarget14(env: DmaEnv): TargetReport {
  const { contexts, structural } = hardwareContexts(env);
  return targetReport(14, [mappingCorrectness(env, contexts), kernelProtection(env, contexts, structural)]);
}

/** Properties 1, 2 and 3 (3 from two fresh runs with `opts`). */
export function target14Report(env: DmaEnv, flowOpts: DmaEnvOptions = {}): TargetReport {
  const r = checkTarget14(env);
  return targetReport(14, [...r.properties, informationFlow(flowOpts)]);
}

// Every present context of every unit with translation on; structural problems on the way.
function hardwareContexts(env: DmaEnv): { contexts: HwContext[]; structural: string[] } {
  const mem = env.kernel.machine.memory;
  const contexts: HwContext[] = [];
  const structural: string[] = [];
  const root = env.iommu.pageTable;
  const knownCt = new Set(root === null ? [] : [...root.contextTables.keys()]);
  const knownPt = new Set<number>();
  if (root !== null) for (const ct of root.contextTables.values()) for (const k of ct.pageTables.keys()) knownPt.add(k);
  const units = env.platform?.units ?? [];
  units.forEach((unit, u) => {
    const drhd = env.platform!.dmarTable.drhds[u];
    if (!unit.translationEnabled) {
      structural.push(`unit ${u} (${unit.name}, ${drhd?.includePciAll ? 'all devices' : `${drhd?.scopes.length ?? 0} device scopes`}) has translation off: its devices reach all memory untranslated`);
      return;
    }
    const rt = unit.rootTableAddress;
    for (let bus = 0; bus < 256; bus++) {
      const re = readEntry(mem, rt, bus);
      if (!entryPresent(re)) continue;
      const ct = entryAddr(re);
      if (!knownCt.has(ct)) {
        if (structural.length < MAX) structural.push(`unit ${u}: root entry of bus ${bus} points at ${hex(ct)}, not a context table the kernel made`);
        continue;
      }
      for (let devfn = 0; devfn < 256; devfn++) {
        const ce = contextEntryFields(readEntry(mem, ct, devfn));
        if (!ce.present) continue;
        const sid = bus * 256 + devfn;
        if (ce.tt === 2) { if (structural.length < MAX) structural.push(`unit ${u}: ${formatLocation(locationOfSourceId(sid))} is pass-through (TT 2)`); continue; }
        if (!knownPt.has(ce.slptptr)) { if (structural.length < MAX) structural.push(`unit ${u}: context entry of ${formatLocation(locationOfSourceId(sid))} points at ${hex(ce.slptptr)}, not a page table the kernel made`); continue; }
        contexts.push({ unit: u, sid, table: ce.slptptr, levels: ce.aw + 2, tt: ce.tt });
      }
    }
  });
  return { contexts, structural };
}

// Mappings per distinct table (a shared table is walked once).
function mappingsOf(env: DmaEnv, contexts: readonly HwContext[]): Map<number, ReturnType<typeof deviceMappings>> {
  const by = new Map<number, ReturnType<typeof deviceMappings>>();
  for (const c of contexts) if (!by.has(c.table)) by.set(c.table, deviceMappings(env.kernel.machine.memory, c.table, c.levels));
  return by;
}

function mappingCorrectness(env: DmaEnv, contexts: readonly HwContext[]): PropertyResult {
  const v: string[] = [];
  const owner = new Map<number, number>(); // page -> source id of its DMA mapping
  for (const m of env.dma.live) {
    const sid = new PciLocation(m.device.bus, m.device.device, m.device.function).sourceId;
    for (let i = 0; i < m.frameCount; i++) {
      const pa = m.startPaddr + i * PAGE_SIZE;
      owner.set(pa, sid);
      const got = env.dma.deviceView?.(m.device, m.startDaddr + i * PAGE_SIZE, false) ?? null;
      if (got !== pa && v.length < MAX) v.push(`${formatLocation(m.device)}: daddr ${hex(m.startDaddr + i * PAGE_SIZE)} translates to ${got === null ? 'nothing' : hex(got)}, not ${hex(pa)}`);
    }
  }
  const maps = mappingsOf(env, contexts);
  // Devices on the machine first, then the rest: one line per device (its first stray page).
  const present = new Set([...env.devices.values()].map((d) => d.location.sourceId));
  const ordered = [...contexts].sort((x, y) => Number(present.has(y.sid)) - Number(present.has(x.sid)) || x.sid - y.sid);
  let checked = 0;
  let strayDevices = 0;
  for (const c of ordered) {
    let stray = 0;
    let first = '';
    for (const m of maps.get(c.table)!) {
      checked++;
      const o = owner.get(m.paddr);
      if (o === c.sid) continue;
      if (stray++ === 0) first = `${hex(m.paddr)} at daddr ${hex(m.daddr)}: ${o === undefined ? 'no DMA mapping holds that page' : `a DMA buffer of ${formatLocation(locationOfSourceId(o))}`}`;
    }
    if (stray === 0) continue;
    if (strayDevices++ < MAX) v.push(`${formatLocation(locationOfSourceId(c.sid))} reaches ${first}${stray > 1 ? ` (and ${stray - 1} more pages)` : ''}`);
  }
  if (strayDevices > MAX) v.push(`... and ${strayDevices - MAX} more devices`);
  return property('device address mapping correctness', v, [`${contexts.length} device contexts, ${maps.size} distinct tables, ${checked} translations checked`]);
}

function kernelProtection(env: DmaEnv, contexts: readonly HwContext[], structural: readonly string[]): PropertyResult {
  const v = [...structural];
  const meta = env.kernel.pages.meta;
  const iommuFrames = new Set<number>();
  const root = env.iommu.pageTable;
  if (root !== null) {
    iommuFrames.add(root.paddr());
    for (const k of root.contextTables.keys()) iommuFrames.add(k);
  }
  for (const [table, maps] of mappingsOf(env, contexts)) {
    for (const m of maps) {
      const f = Math.floor(m.paddr / PAGE_SIZE);
      const u = meta.hasSlot(f) ? meta.usage(f) : -1;
      const kernel = u === PAGE_USAGE.Kernel || u === PAGE_USAGE.PageTable || u === PAGE_USAGE.Meta;
      if ((kernel || iommuFrames.has(m.paddr)) && v.length < MAX) {
        v.push(`table ${hex(table)} maps daddr ${hex(m.daddr)} to ${hex(m.paddr)}, ${iommuFrames.has(m.paddr) ? "one of the IOMMU's own tables" : `a ${usageName(u)} page`}`);
      }
    }
  }
  return property('kernel memory protection', v);
}

/**
 * Property 3: two runs of the same DMA work (a block device's buffers, written by the device)
 * from equal DMA regions, with different other work in between — run A none, run B CPU writes to
 * other frames and a malicious device's DMA at the buffers (through whichever unit covers it,
 * to the buffer's physical address) — compared on the DMA regions at the end.
 * `opts` chooses bugs and units; the devices are a block device at 00:03.0 and a malicious one
 * at 00:1f.7 (with two units, the first covers 00:1f.7: put REM-01's ignored unit there).
 */
export function informationFlow(opts: DmaEnvOptions = {}): PropertyResult {
  const a = flowRun(opts, false);
  const b = flowRun(opts, true);
  const v: string[] = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i] && v.length < MAX) v.push(`DMA region byte ${i}: ${a[i]} after run A, ${b[i]} after run B (other work reached the DMA region)`);
  }
  return property('information flow', v, [`${a.length} DMA-region bytes compared`]);
}

function flowRun(opts: DmaEnvOptions, otherWork: boolean): Uint8Array {
  const env = dmaEnv({ ...opts, devices: [{ at: '00:03.0', kind: 'block' }, { at: '00:1f.7', kind: 'malicious' }] });
  const dev = pciLocation(0, 3, 0);
  const bufs = [0, 1].map(() => DmaCoherent.map(env.dma, env.kernel.frames.allocContiguous(1)!, false, dev));
  bufs.forEach((b, i) => b.writeBytes(0, new Uint8Array(64).fill(0x10 + i)));
  if (otherWork) {
    const other = env.kernel.frames.allocContiguous(4)!;
    other.writeBytes(0, new Uint8Array(4 * PAGE_SIZE).fill(0xaa));
    const evil = env.device<MaliciousDevice>('00:1f.7');
    for (const b of bufs) evil.attackWrite(b.paddr(), new Uint8Array(64).fill(0xee), 'dma region');
    env.deliverInterrupts();
  }
  bufs.forEach((b, i) => env.dmaWrite('00:03.0', b.daddr() + 32, new Uint8Array(16).fill(0x40 + i)));
  const out = new Uint8Array(128);
  bufs.forEach((b, i) => { const t = new Uint8Array(64); b.readBytes(0, t); out.set(t, i * 64); });
  return out;
}
