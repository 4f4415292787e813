/**
 * `VmMapOptions` (232e62b `mm/space.rs`): start address, flags, can_overwrite, and `align`.
 *
 * SPA-02 (unused `align`): not a switch, because nothing observable depends on it — `map` never
 * reads `align` at 232e62b, nor here. It is kept, unvalidated, so 232e62b callers read the same.
 * @module
 */

/** `VmMapOptions`. */
export interface VmMapOptions {
  /** `addr`: the start virtual address (required by `map`: None is InvalidArgs). */
  readonly addr?: bigint;
  /** `align`: accepted and ignored (SPA-02). */
  readonly align?: number;
  /**
   * `flags`: page permissions; default `PageFlags::empty()` as at 232e62b. With MOM-04 audited such
   * a page reads back as R (presence taken for readability); fixed it reads back with no flags.
   */
  readonly flags?: number;
  /** `can_overwrite`: default false. */
  readonly canOverwrite?: boolean;
}

/** The default flags of a mapping: `PageFlags::empty()` (232e62b `VmMapOptions::new`). */
export const DEFAULT_MAP_FLAGS = 0;
