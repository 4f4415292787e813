/**
 * Verification Target 8 (the lifecycle of `RawPageTableNode`, FG4.10) over a page table:
 * - reference count correctness: every node of the tree has ref_count equal to its owners (live
 *   and forgotten handles) and at least one forgotten handle per PTE pointing at it (plus the
 *   root's own handle, and one per CPU whose CR3 holds the root: `RawPageTableNode::activate`
 *   takes a reference, FG4.10.4), and every such CPU's CR3 points at the root;
 * - consistency, ownership transfer and deallocation safety, probed on a scratch subtree:
 *   `into_raw` keeps ref_count 1, `clone_shallow` adds exactly one, `set_child_pt` moves the
 *   reference into the PTE without changing the count, dropping the last reference frees every
 *   node (Unused, ref_count 0, back in the allocator), and a handle used after it was dropped
 *   panics instead of reaching a freed node.
 * The transient `ref_count < owners` inside `inc_ref` (MOP-02) needs an interleaving: the
 * `target-08` scenario explores it.
 * @module
 */
import { hex, PAGE_SIZE } from '../../machine/index.js';
import { PAGE_USAGE, refCountViolations } from '../../mm/page/index.js';
import { cpusHoldingRoot, KernelMode, NR_ENTRIES_PER_NODE, PageTableNode, vpnOf, walkTree, type PageTable } from '../../mm/page-table/index.js';
import { KernelPanic } from '../../util/errors.js';
import { property, targetReport, type PropertyResult, type TargetReport } from './property-result.js';

/** Checks Target 8 on `pt`; the probe allocates two nodes and frees them again. */
export function checkPageTableNodes(pt: PageTable): TargetReport {
  return targetReport(8, [nodeRefCounts(pt), lifecycleProbe(pt)]);
}

// Every node reachable from the root (within the table's own half): counts against owners.
function nodeRefCounts(pt: PageTable): PropertyResult {
  const ctx = pt.ctx;
  const sys = ctx.pages;
  const holders = cpusHoldingRoot(ctx, pt.rootPaddr());
  const refs = new Map<number, number>([[pt.rootPaddr(), 1 + holders.length]]);
  const c = ctx.consts;
  const first = Math.floor(vpnOf(c, pt.mode.start) / 512 ** (c.nrLevels - 1));
  const last = pt.mode.name === 'KernelMode' ? NR_ENTRIES_PER_NODE - 1 : Math.ceil(vpnOf(c, pt.mode.end) / 512 ** (c.nrLevels - 1)) - 1;
  const rootSpan = 512 ** (c.nrLevels - 1);
  walkTree(ctx, pt.rootPaddr(), c.nrLevels, {
    entry: (_node, _level, e) => {
      if (e.last) return false;
      const seen = refs.get(e.paddr) ?? 0;
      refs.set(e.paddr, seen + 1);
      return seen === 0;
    },
  }, { from: first * rootSpan, to: (Math.min(last, NR_ENTRIES_PER_NODE - 1) + 1) * rootSpan });
  const v: string[] = [];
  for (const cpu of holders) if (cpu.root !== pt.rootPaddr()) v.push(`cpu ${cpu.id} holds a reference to root ${hex(pt.rootPaddr())} but its CR3 points at ${hex(cpu.root)}`);
  for (const [pa, n] of refs) {
    const f = pa / PAGE_SIZE;
    if (sys.meta.usage(f) !== PAGE_USAGE.PageTable) {
      v.push(`node ${hex(pa)}: reached from the tree but its page is not a PageTable page (use after free)`);
      continue;
    }
    v.push(...refCountViolations(sys, f));
    const raw = sys.ledger.raw(f);
    if (raw < n) v.push(`node ${hex(pa)}: ${n} PTE/root/CR3 references but ${raw} forgotten handles (a reference was not transferred)`);
  }
  return property('reference count correctness (every node of the tree)', v, [`${refs.size} nodes`, `${holders.length} CPUs with the root in CR3`]);
}

// into_raw, clone_shallow, set_child_pt, drop and use-after-drop on a scratch two-node subtree.
function lifecycleProbe(pt: PageTable): PropertyResult {
  const name = 'consistency, ownership transfer and deallocation safety (scratch subtree)';
  const ctx = pt.ctx;
  const sys = ctx.pages;
  const v: string[] = [];
  const rc = (pa: number): number => sys.meta.refCount(pa / PAGE_SIZE);
  let parent: PageTableNode;
  let child: PageTableNode;
  try {
    parent = PageTableNode.alloc(ctx, 2);
    child = PageTableNode.alloc(ctx, 1);
  } catch (e) {
    if (e instanceof KernelPanic) return property(name, [], ['not probed: memory exhausted']);
    throw e;
  }
  const ppa = parent.paddr();
  const cpa = child.paddr();
  const raw = child.intoRaw();
  if (rc(cpa) !== 1) v.push(`into_raw: node ${hex(cpa)} ref_count ${rc(cpa)}, expected 1`);
  const extra = raw.cloneShallow();
  if (rc(cpa) !== 2) v.push(`clone_shallow: node ${hex(cpa)} ref_count ${rc(cpa)}, expected 2`);
  extra.drop();
  parent.setChildPt(0, raw, pt.mode.name === KernelMode.name);
  if (rc(cpa) !== 1 || sys.ledger.raw(cpa / PAGE_SIZE) !== 1) v.push(`set_child_pt: node ${hex(cpa)} ref_count ${rc(cpa)}, forgotten ${sys.ledger.raw(cpa / PAGE_SIZE)}; expected 1 and 1 (the PTE owns it)`);
  const handle = parent.intoRaw();
  handle.drop();
  for (const pa of [ppa, cpa]) {
    const f = pa / PAGE_SIZE;
    if (sys.meta.usage(f) !== PAGE_USAGE.Unused || rc(pa) !== 0 || sys.frames.buddy.isAllocated(f)) {
      v.push(`drop: node ${hex(pa)} not freed (usage ${sys.meta.usage(f)}, ref_count ${rc(pa)}, allocated ${sys.frames.buddy.isAllocated(f)})`);
    }
  }
  try {
    handle.lock();
    v.push(`use after free: a dropped handle of node ${hex(ppa)} could still lock it`);
  } catch (e) {
    if (!(e instanceof KernelPanic)) throw e;
  }
  return property(name, v);
}
