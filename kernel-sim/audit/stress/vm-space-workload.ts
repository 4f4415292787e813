/**
 * Random user address spaces: map, touch (reads and writes that may cross a page end), fork
 * copy-on-write, protect, unmap, drop, on several CPUs, against a byte model of every space
 * (what each page holds, which pages are mapped and writable); on bare user roots or on roots
 * sharing the kspace kernel half. Checking mode: Target 13 at every release, stale TLB use
 * reported at the access (SPA-01), range-flush cost counted (MOM-02).
 *
 * protect's op refuses executable pages, so a protect over an RX page fails midway: the
 * partial failure SPA-01 leaves unflushed (the seed's trigger, a partial huge page, cannot
 * exist in a user space while CUR-06 is fixed).
 *
 * Layout of each space: pages [0, 64) are a declared RW area (demand-zero, copy-on-write);
 * pages [64, 128) are mapped explicitly with RW or RX and no area, so a write to an RX page
 * or a touch of an unmapped one is a segmentation fault the model predicts.
 * @module
 */
import type { BugSet } from '../../bugs/index.js';
import type { CpuState } from '../../machine/index.js';
import { buildKernelAddressSpace, kspaceVmSpaceEnv } from '../../mm/kspace/index.js';
import { PageFlags, type PageProperty } from '../../mm/page-table/index.js';
import { SegmentationFault, VmSpace, type VmSpaceEnv } from '../../mm/vm-space/index.js';
import { KernelSimError } from '../../util/errors.js';
import { mappingEnv } from '../../workloads/index.js';
import type { SeededRng } from '../../util/seeded-rng.js';
import { stressKernel, sweepPageState } from './stress-kernel.js';
import { CostCounterExceeded, expectClean, expectModel, randomBytes, sameBytes, thrown, type StressRun, type StressWorkload } from './workload.js';

const PAGE = 4096;
const BASE = 0x0000_2000_0000n;
const AREA = 64;
const PAGES = 128;
// Linux's tlb_single_page_flush_ceiling: the fixed range flush never does more INVLPGs.
const FLUSH_CEILING = 33;

interface Page {
  data: Uint8Array;
  writable: boolean;
  readonly exec: boolean;
}

interface Proc {
  vs: VmSpace;
  pages: Map<number, Page>;
}

/** The workload's protect op refusing an executable page. */
export class ProtectRefused extends KernelSimError {
  constructor(readonly flags: number) {
    super(`the protect op refuses an executable page (flags ${flags})`);
  }
}

const va = (i: number, off = 0): bigint => BASE + BigInt(i * PAGE + off);

/** VmSpaces on bare user roots (`kspace` false) or on roots sharing the kspace kernel half. */
export function vmSpaceWorkload(kspace: boolean): StressWorkload {
  const name = kspace ? 'vm-space-kspace' : 'vm-space';
  return {
    name,
    covers: `VmSpace map / touch / fork / protect / unmap / drop on ${kspace ? 'roots sharing the kspace kernel half' : 'bare user roots'}, 3 CPUs`,
    start(bugs: BugSet, rng: SeededRng): StressRun {
      const k = stressKernel(bugs, 24);
      const env: VmSpaceEnv = kspace ? kspaceVmSpaceEnv(buildKernelAddressSpace(k), k.frames, 3) : mappingEnv(k, 3);
      const procs: Proc[] = [];
      const spawn = (): Proc => {
        const p: Proc = { vs: VmSpace.new(env), pages: new Map() };
        p.vs.declareArea({ start: va(0), end: va(AREA), flags: PageFlags.RW });
        procs.push(p);
        return p;
      };
      spawn();
      const expect = (ok: boolean, detail: () => string): void => expectModel(name, ok, detail);
      const onCpu = (p: Proc): CpuState => {
        const cpus = p.vs.activeCpus;
        if (cpus.length > 0 && rng.below(4) !== 0) return cpus[rng.below(cpus.length)]!;
        const cpu = env.cpus[rng.below(env.cpus.length)]!;
        p.vs.activate(cpu);
        return cpu;
      };
      const flushCost = (p: Proc, f: () => void): void => {
        const before = p.vs.flushStats.invlpgs;
        const calls = p.vs.flushStats.calls;
        f();
        const per = (p.vs.flushStats.invlpgs - before) / Math.max(1, p.vs.flushStats.calls - calls);
        if (per > FLUSH_CEILING) throw new CostCounterExceeded('invlpgs per range flush', `${per} INVLPGs for one range flush of ${name} (the fixed flush does at most ${FLUSH_CEILING}, then a full flush)`);
      };
      const ops: (() => void)[] = [
        // map explicit pages RW or RX (over whatever is there)
        () => {
          const p = procs[rng.below(procs.length)]!;
          const from = AREA + rng.below(PAGES - AREA);
          const n = Math.min(PAGES - from, 1 + rng.below(rng.below(4) === 0 ? 48 : 4));
          const v = k.frames.alloc(n);
          if (v === null) return;
          const writable = rng.below(2) === 0;
          flushCost(p, () => p.vs.map(v, { addr: va(from), flags: writable ? PageFlags.RW : PageFlags.RX, canOverwrite: true }));
          for (let i = 0; i < n; i++) p.pages.set(from + i, { data: new Uint8Array(PAGE), writable, exec: !writable });
        },
        // write, maybe across a page end
        () => {
          const p = procs[rng.below(procs.length)]!;
          const i = rng.below(PAGES);
          const off = rng.below(2) === 0 ? PAGE - 1 - rng.below(16) : rng.below(PAGE);
          const len = 1 + rng.below(32);
          const bytes = randomBytes(rng, len);
          const touched = off + len > PAGE ? [i, i + 1] : [i];
          const ok = touched.every((j) => j < PAGES && (j < AREA || p.pages.get(j)?.writable === true));
          const e = thrown(() => p.vs.writeBytes(onCpu(p), va(i, off), bytes));
          if (!ok) {
            expect(e instanceof SegmentationFault, () => `a write at page ${i}+${off} (+${len}) the model forbids was ${e === undefined ? 'allowed' : `refused with ${String(e)}`}`);
            return;
          }
          if (e !== undefined) throw e;
          let at = 0;
          for (const j of touched) {
            const pg = p.pages.get(j) ?? { data: new Uint8Array(PAGE), writable: true, exec: false };
            p.pages.set(j, pg);
            const start = j === i ? off : 0;
            const n = Math.min(len - at, PAGE - start);
            pg.data.set(bytes.subarray(at, at + n), start);
            at += n;
          }
        },
        // read, maybe across a page end
        () => {
          const p = procs[rng.below(procs.length)]!;
          const i = rng.below(PAGES);
          const off = rng.below(PAGE);
          const len = 1 + rng.below(64);
          const touched = off + len > PAGE ? [i, i + 1] : [i];
          const ok = touched.every((j) => j < AREA || p.pages.has(j));
          let got: Uint8Array | undefined;
          const e = thrown(() => { got = p.vs.readBytes(onCpu(p), va(i, off), len); });
          if (!ok) {
            expect(e instanceof SegmentationFault, () => `a read at page ${i}+${off} the model has unmapped was ${e === undefined ? 'allowed' : `refused with ${String(e)}`}`);
            return;
          }
          if (e !== undefined) throw e;
          const want = new Uint8Array(len);
          let at = 0;
          for (const j of touched) {
            const start = j === i ? off : 0;
            const n = Math.min(len - at, PAGE - start);
            const pg = p.pages.get(j);
            if (pg !== undefined) want.set(pg.data.subarray(start, start + n), at);
            else p.pages.set(j, { data: new Uint8Array(PAGE), writable: true, exec: false }); // demand-zero
            at += n;
          }
          expect(sameBytes(got!, want), () => `bytes read at page ${i}+${off} (+${len}) differ from the model`);
        },
        // fork: the child gets a copy of every page; pages outside the area become read-only in
        // both (copy-on-write is served in declared areas only)
        () => {
          if (procs.length >= 4) return;
          const p = procs[rng.below(procs.length)]!;
          const c: Proc = { vs: p.vs.forkCopyOnWrite(), pages: new Map() };
          for (const [i, pg] of p.pages) {
            if (i >= AREA) pg.writable = false;
            c.pages.set(i, { data: pg.data.slice(), writable: pg.writable, exec: pg.exec });
          }
          procs.push(c);
        },
        // protect explicit pages: drop W (refused by the op at the first RX page)
        () => {
          const p = procs[rng.below(procs.length)]!;
          const from = AREA + rng.below(PAGES - AREA);
          const to = Math.min(PAGES, from + 1 + rng.below(rng.below(3) === 0 ? 48 : 6));
          const cpu = onCpu(p);
          // Cache writable translations first (rewriting a byte the model holds): a protect that
          // leaves them unflushed is then used stale, where the checking-mode detector sees it.
          const touch = (i: number): Page | undefined => {
            const pg = p.pages.get(i);
            if (pg !== undefined && pg.writable) p.vs.writeBytes(cpu, va(i), pg.data.subarray(0, 1));
            return pg;
          };
          for (let i = from; i < Math.min(to, from + 4); i++) touch(i);
          // The op refuses executable pages: protect fails midway, after changing the pages
          // before (the seed's trigger, a partial huge page, cannot exist in a fixed user space).
          const op = (q: PageProperty): void => {
            if (q.flags & PageFlags.X) throw new ProtectRefused(q.flags);
            q.flags &= ~PageFlags.W;
          };
          let r: { ok: boolean } = { ok: true };
          flushCost(p, () => { r = p.vs.protect({ start: va(from), end: va(to) }, op); });
          const inRange = [...p.pages].filter(([i]) => i >= from && i < to);
          const fails = inRange.some(([, pg]) => pg.exec);
          expect(r.ok === !fails, () => `protect of pages ${from}..${to} ${r.ok ? 'succeeded' : 'failed'}; the model expects ${fails ? 'a failure (an RX page)' : 'success'}`);
          if (!fails) for (const [, pg] of inRange) pg.writable = false;
          // Write the first page again on the same CPU: allowed exactly when the model says so.
          const first = p.pages.get(from);
          if (first !== undefined && !first.exec) {
            const e = thrown(() => p.vs.writeBytes(cpu, va(from), first.data.subarray(0, 1)));
            if (first.writable) {
              if (e !== undefined) throw e;
            } else expect(e instanceof SegmentationFault, () => `a write to page ${from} after protect removed W was ${e === undefined ? 'allowed' : `refused with ${String(e)}`}`);
          }
        },
        // unmap a range of either part
        () => {
          const p = procs[rng.below(procs.length)]!;
          const from = rng.below(PAGES);
          const to = Math.min(PAGES, from + 1 + rng.below(40));
          onCpu(p);
          flushCost(p, () => p.vs.unmap({ start: va(from), end: va(to) }));
          for (let i = from; i < to; i++) p.pages.delete(i);
        },
        // drop a space (after switching its CPUs to another one)
        () => {
          if (procs.length < 2) return;
          const at = rng.below(procs.length);
          const p = procs[at]!;
          const other = procs[(at + 1) % procs.length]!;
          for (const cpu of p.vs.activeCpus) other.vs.activate(cpu);
          p.vs.drop();
          procs.splice(at, 1);
        },
      ];
      return {
        step() {
          ops[rng.weighted([2, 4, 4, 1, 2, 2, 1])]!();
        },
        checkpoint() {
          for (const p of procs) {
            expectClean('page-table tree check', p.vs.pt.treeViolations());
            for (let i = AREA; i < PAGES; i++) {
              const q = p.vs.query(va(i));
              const m = p.pages.get(i);
              expect((q === null) === (m === undefined), () => `page ${i} is ${q === null ? 'unmapped' : 'mapped'} in the table, ${m === undefined ? 'unmapped' : 'mapped'} in the model`);
            }
          }
          sweepPageState(k, `stress ${name} checkpoint`);
          if (procs.length === 0) spawn();
        },
      };
    },
  };
}
