/**
 * A declared area of a VmSpace: the range in which the fault hook may demand-page, and the
 * flags its pages may have. (Asterinas keeps these in aster-nix's `Vmar`/`VmMapping`; the model
 * keeps a flat list on the VmSpace — a simplification.)
 * @module
 */

/** An area in which faults are served. */
export interface VmArea {
  readonly start: bigint;
  readonly end: bigint;
  /** {@link PageFlags} the area's pages get (W allows copy-on-write faults). */
  readonly flags: number;
}

/** The area containing `va`, or undefined. */
export function areaOf(areas: readonly VmArea[], va: bigint): VmArea | undefined {
  for (const a of areas) if (va >= a.start && va < a.end) return a;
  return undefined;
}
