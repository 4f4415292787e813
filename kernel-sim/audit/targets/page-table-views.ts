/**
 * The three-view refinement of a page table (the seed's `PageTableModel` invariant: tree, path
 * and flat views consistent) as properties of a report. It is filed under Target 12: the flat
 * view is what `map` and the other cursor operations promise, and the tree is what they did.
 * Without checking mode's flat view, only `tree_to_path` is checked (noted in the result).
 * @module
 */
import type { PageTable } from '../../mm/page-table/index.js';
import { property, targetReport, type TargetReport } from './property-result.js';

/** Checks `tree_to_path`, `path_to_flat` and `tree_to_flat` on `pt`. */
export function checkPageTableViews(pt: PageTable): TargetReport {
  const r = pt.refinement();
  const size = `${r.nodes} nodes, ${r.leaves} leaf entries`;
  const noFlat = pt.flat === null ? ['no flat view: the table was not made in checking mode'] : [];
  return targetReport(12, [
    property('tree_to_path_refinement', r.treeToPath, [size]),
    property('path_to_flat_refinement', r.pathToFlat, noFlat),
    property('tree_to_flat_refinement', r.treeToFlat, noFlat),
  ]);
}
