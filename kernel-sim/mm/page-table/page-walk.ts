/**
 * `page_walk` (FG4.12.1): the software MMU walk from a root node's physical address, reading
 * PTEs from machine memory without locks. Returns the physical address of `va` and the leaf's
 * property, or null when unmapped.
 *
 * Where the model is stricter: 232e62b indexes with the address bits and ignores the sign
 * extension, so a non-canonical address aliases a canonical one; hardware raises #GP. The model
 * refuses it with {@link NonCanonicalVaddrError}.
 * @module
 */
import type { PageTableContext } from './context.js';
import { NonCanonicalVaddrError } from './errors.js';
import type { PageProperty } from './page-prop.js';
import { walkVpn } from './invariants.js';
import { isCanonical, vpnOf } from './vaddr.js';

/** What a walk found. */
export interface WalkResult {
  /** The physical address `va` translates to. */
  readonly paddr: number;
  /** The leaf's property. */
  readonly prop: PageProperty;
  /** The leaf's level (1: 4 KiB, 2: 2 MiB, 3: 1 GiB). */
  readonly level: number;
}

/** `page_walk(root_paddr, vaddr)`. */
export function pageWalk(ctx: PageTableContext, rootPaddr: number, va: bigint): WalkResult | null {
  const c = ctx.consts;
  if (!isCanonical(va, c.addressWidth)) throw new NonCanonicalVaddrError(va, c.addressWidth);
  const leaf = walkVpn(ctx, rootPaddr, vpnOf(c, va));
  if (leaf === null) return null;
  const span = BigInt(c.basePageSize) * BigInt(512 ** (leaf.level - 1));
  return { paddr: leaf.paddr + Number(va % span), prop: leaf.prop, level: leaf.level };
}
