/**
 * Reproductions of FG4's page-table and VmSpace findings: CUR-06, NOE-03, UNM-01 (cursors and
 * nodes), MOM-04 (the PTE encoding of PRESENT), SPA-01 (a protect that fails part-way).
 * @module
 */
import { InvariantViolation } from '../../../mm/page/index.js';
import {
  KernelMode, newFrameHi, newFrameLo, paddrOf, PageFlags, PageTableNode, pageProperty, PrivilegedPageFlags, propHi, propLo, formatProperty,
  type PageTableContext,
} from '../../../mm/page-table/index.js';
import { KernelPanic } from '../../../util/errors.js';
import { ptMachine, USER_VA, vmMachine } from '../fixtures.js';
import type { Observed, Reproduction } from '../types.js';

const RW = pageProperty(PageFlags.RW);
const MiB2 = 0x20_0000n;
const GiB = 0x4000_0000n;

const cur06: Reproduction = {
  id: 'CUR-06',
  input: 'VMALLOC_VADDR_RANGE starting at 0xffffc00000100000 (not 2 MiB aligned); map_pa of one 2 MiB page at 0xffffc00000000000',
  run() {
    const side = (ids: string[]): Observed => {
      const t = ptMachine(ids, { vmallocRange: { start: 0xffff_c000_0010_0000n, end: 0xffff_e000_0000_0000n } });
      const kt = t.table(KernelMode);
      const vmBase = 0xffff_c000_0000_0000n;
      try {
        kt.map({ start: vmBase, end: vmBase + MiB2 }, { start: 0x20_0000, end: 0x40_0000 }, RW);
      } catch (e) {
        if (!(e instanceof KernelPanic)) throw e;
        return { mapPa: 'refused', leafInVmalloc: null };
      }
      const w = kt.query(vmBase + 0x18_0000n);
      return { mapPa: 'mapped', leafInVmalloc: w === null ? null : `level ${w.level} untracked page over 0xffffc00000180000` };
    };
    const audited = side(['CUR-06']);
    const fixed = side([]);
    return { differs: audited.mapPa === 'mapped' && audited.leafInVmalloc !== null && fixed.mapPa === 'refused', summary: `a huge untracked page reaching into VMALLOC: audited ${audited.mapPa}, fixed ${fixed.mapPa}`, audited, fixed };
  },
};

const noe03: Reproduction = {
  id: 'NOE-03',
  input: 'a level-1 node: set_child_frame(0, frame), then set_child_untracked(0, frame.paddr) over it',
  run() {
    const side = (ids: string[]): Observed => {
      const t = ptMachine(ids);
      const n = PageTableNode.alloc(t.ctx, 1);
      const f = t.frame();
      n.setChildFrame(0, f.clone(), RW);
      try {
        n.setChildUntracked(0, f.paddr(), RW, false);
      } catch (e) {
        if (!(e instanceof InvariantViolation)) throw e;
        return { overwrite: `Target ${e.target} violation: the frame's reference leaked`, frameRefCount: t.k.meta.refCount(f.paddr() / 4096) };
      }
      return { overwrite: 'the old frame was dropped', frameRefCount: t.k.meta.refCount(f.paddr() / 4096) };
    };
    const audited = side(['NOE-03']);
    const fixed = side([]);
    return { differs: audited.frameRefCount === 2 && fixed.frameRefCount === 1, summary: `overwriting a tracked slot untracked: audited ${audited.overwrite} (ref_count ${audited.frameRefCount}), fixed ref_count ${fixed.frameRefCount}`, audited, fixed };
  },
};

const unm01: Reproduction = {
  id: 'UNM-01',
  input: 'one page mapped at 1 GiB, nothing below; unmap [1 GiB - 2 MiB, 1 GiB + 2 MiB)',
  run() {
    const side = (ids: string[]): Observed => {
      const t = ptMachine(ids, {}, false);
      const pt = t.table();
      const c = pt.cursorMut(GiB, GiB + 0x1000n);
      c.map(t.frame(), RW);
      c.drop();
      const u = pt.cursorMut(GiB - MiB2, GiB + MiB2);
      u.unmap(2n * MiB2);
      u.drop();
      return { stillMappedAt1GiB: pt.query(GiB) !== null };
    };
    const audited = side(['UNM-01']);
    const fixed = side([]);
    return { differs: audited.stillMappedAt1GiB === true && fixed.stillMappedAt1GiB === false, summary: `the page at 1 GiB after the unmap: audited ${audited.stillMappedAt1GiB ? 'still mapped' : 'unmapped'}, fixed ${fixed.stillMappedAt1GiB ? 'still mapped' : 'unmapped'}`, audited, fixed };
  },
};

const mom04: Reproduction = {
  id: 'MOM-04',
  input: 'VmSpace::map of a write-only page (flags W, a Tx-only DMA buffer) and of a page with the default flags (PageFlags::empty())',
  run() {
    const side = (ids: string[]): Observed => {
      const t = vmMachine(ids);
      const s = t.space();
      s.map(t.frames(1), { addr: USER_VA, flags: PageFlags.W });
      s.map(t.frames(1), { addr: USER_VA + 0x1000n });
      return { writeOnlyReadsBack: formatProperty(s.query(USER_VA)!), defaultReadsBack: formatProperty(s.query(USER_VA + 0x1000n)!) };
    };
    const audited = side(['MOM-04']);
    const fixed = side([]);
    const readable = (p: unknown): boolean => String(p).startsWith('R');
    return { differs: readable(audited.writeOnlyReadsBack) && !readable(fixed.writeOnlyReadsBack) && !readable(fixed.defaultReadsBack), summary: `a write-only page reads back as ${audited.writeOnlyReadsBack} audited, ${fixed.writeOnlyReadsBack} fixed`, audited, fixed };
  },
};

// The level-2 node covering `va` in the tree under `root` (4-level paging, nodes present).
function level2Node(ctx: PageTableContext, root: number, va: bigint): number {
  let node = root;
  for (let level = 4; level > 2; level--) {
    const idx = Number((va >> BigInt(12 + 9 * (level - 1))) & 511n);
    node = paddrOf(ctx.readLo(node, idx), ctx.readHi(node, idx), ctx.enc);
  }
  return node;
}

const spa01: Reproduction = {
  id: 'SPA-01',
  input:
    "the seed's trigger, protect of a partial huge page, under 232e62b's encoding (MOM-04 audited on both sides): a 4 KiB RW page at " +
    '0x10000000 (cached writable in CPU 0\'s TLB) and a 2 MiB page at 0x10200000; protect [0x10000000, 0x10201000) to read-only, then CPU 0 writes 0x10000008. ' +
    "232e62b's VmSpace::map maps 4 KiB frames only; the 2 MiB leaf is written into the level-2 node directly, standing for the huge user pages later Asterinas maps",
  run() {
    const side = (ids: string[]): Observed => {
      const t = vmMachine(ids, false);
      const s = t.space();
      const cpu = t.cpus[0]!;
      s.activate(cpu);
      s.map(t.frames(1), { addr: USER_VA, flags: PageFlags.RW });
      t.mmu.translate(cpu, USER_VA, { user: true, write: true });
      // A Frame page at a 2 MiB-aligned address owned by the huge leaf (a forgotten handle).
      let page = t.k.pageAllocator.allocSingle()!;
      while (page.paddr() % 0x20_0000 !== 0) page = t.k.pageAllocator.allocSingle()!;
      const pa = page.paddr();
      const ctx = s.pt.ctx;
      const node = level2Node(ctx, s.pt.rootPaddr(), USER_VA);
      const prop = pageProperty(PageFlags.RW, 'Writeback', PrivilegedPageFlags.USER);
      ctx.writePte(node, Number(((USER_VA + MiB2) >> 21n) & 511n), newFrameLo(pa, 2, propLo(prop, 2, ctx.enc)), newFrameHi(pa, propHi(prop, ctx.enc), ctx.enc));
      page.intoRaw();
      const r = s.protect({ start: USER_VA, end: USER_VA + MiB2 + 0x1000n }, (p) => { p.flags &= ~PageFlags.W; });
      let write: string;
      try {
        t.mmu.translate(cpu, USER_VA + 8n, { user: true, write: true });
        write = 'succeeded';
      } catch (e) {
        write = e instanceof Error ? e.constructor.name : 'failed';
      }
      return {
        protect: r.ok ? 'ok' : `${r.error?.constructor.name}, recovery ${r.recovery}`,
        pagesChanged: r.pagesChanged,
        invlpgs: r.flush.invlpgs,
        writeAfter: write,
        staleTranslations: t.mmu.stale.unsafe.map((x) => `${x.kind} after ${x.lastTableWrite}`),
      };
    };
    const audited = side(['SPA-01', 'MOM-04']);
    const fixed = side(['MOM-04']);
    const stale = (o: Observed): number => (o.staleTranslations as readonly string[]).length;
    return {
      differs: audited.pagesChanged === 1 && stale(audited) > 0 && stale(fixed) === 0,
      summary: `protect fails at the huge page: audited leaves ${audited.pagesChanged} page changed and unflushed (write ${audited.writeAfter} through a stale entry), fixed ${fixed.protect}`,
      audited,
      fixed,
    };
  },
};

/** FG4 page-table and VmSpace reproductions. */
export const FG4_PAGE_TABLE_REPRODUCTIONS: readonly Reproduction[] = [cur06, noe03, unm01, mom04, spa01];
