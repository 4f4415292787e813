/**
 * `PageProperty` (232e62b `mm/page_prop.rs`): the architecture-neutral property of a mapped
 * page — `PageFlags` (R, W, X, ACCESSED, DIRTY as the u8 bits of the bitflags), a `CachePolicy`
 * and `PrivilegedPageFlags` (USER, GLOBAL, and the TDX-only SHARED).
 * @module
 */

/** `PageFlags` bits (u8), exactly as 232e62b numbers them. */
export const PageFlags = Object.freeze({
  /** Readable. */
  R: 0b0000_0001,
  /** Writable. */
  W: 0b0000_0010,
  /** Executable. */
  X: 0b0000_0100,
  /** R | W. */
  RW: 0b0000_0011,
  /** R | X. */
  RX: 0b0000_0101,
  /** R | W | X. */
  RWX: 0b0000_0111,
  /** The page has been read or written. */
  ACCESSED: 0b0000_1000,
  /** The page has been written. */
  DIRTY: 0b0001_0000,
});

/** `PrivilegedPageFlags` bits (u8). */
export const PrivilegedPageFlags = Object.freeze({
  /** Accessible from user mode. */
  USER: 0b0000_0001,
  /** Global: survives a non-global TLB flush. */
  GLOBAL: 0b0000_0010,
  /** (Intel TDX only, `#[cfg(feature = "intel_tdx")]`) shared with the host. */
  SHARED: 0b1000_0000,
});

/** `CachePolicy`, the AMD64 memory types. */
export type CachePolicy = 'Uncacheable' | 'WriteCombining' | 'WriteProtected' | 'Writethrough' | 'Writeback';

/** Every cache policy, in the order of the Rust enum. */
export const CACHE_POLICIES: readonly CachePolicy[] = ['Uncacheable', 'WriteCombining', 'WriteProtected', 'Writethrough', 'Writeback'];

/** `PageProperty`. */
export interface PageProperty {
  /** {@link PageFlags} bits. */
  flags: number;
  /** The memory type. */
  cache: CachePolicy;
  /** {@link PrivilegedPageFlags} bits. */
  privFlags: number;
}

/** `PageProperty::new(flags, cache)`: a user page (`priv_flags: USER`). */
export function pageProperty(flags: number, cache: CachePolicy = 'Writeback', privFlags: number = PrivilegedPageFlags.USER): PageProperty {
  return { flags, cache, privFlags };
}

/** `PageProperty::new_absent()`: no flags, Writeback, no privileged flags. */
export function absentProperty(): PageProperty {
  return { flags: 0, cache: 'Writeback', privFlags: 0 };
}

/** Field-wise equality (`PartialEq`). */
export function propEquals(a: PageProperty, b: PageProperty): boolean {
  return a.flags === b.flags && a.cache === b.cache && a.privFlags === b.privFlags;
}

/** A short text form, e.g. `RW- A- WB USER`. */
export function formatProperty(p: PageProperty): string {
  const f = p.flags;
  const rwx = `${f & 1 ? 'R' : '-'}${f & 2 ? 'W' : '-'}${f & 4 ? 'X' : '-'}`;
  const ad = `${f & 8 ? 'A' : '-'}${f & 16 ? 'D' : '-'}`;
  const priv = [p.privFlags & 1 ? 'USER' : '', p.privFlags & 2 ? 'GLOBAL' : '', p.privFlags & 0x80 ? 'SHARED' : ''].filter((s) => s !== '').join('|');
  return `${rwx} ${ad} ${p.cache}${priv === '' ? '' : ' ' + priv}`;
}
