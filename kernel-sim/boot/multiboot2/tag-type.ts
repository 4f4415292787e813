/**
 * Multiboot2 information-structure tag type numbers (Multiboot2 specification 1.0, section 3.6)
 * and their names as kernel-sim prints them.
 * @module
 */

/** Tag type numbers of the boot information structure. */
export const TagType = {
  End: 0,
  Cmdline: 1,
  BootLoaderName: 2,
  Module: 3,
  BasicMeminfo: 4,
  Bootdev: 5,
  Mmap: 6,
  Vbe: 7,
  Framebuffer: 8,
  ElfSections: 9,
  Apm: 10,
  Efi32: 11,
  Efi64: 12,
  Smbios: 13,
  AcpiOld: 14,
  AcpiNew: 15,
  Network: 16,
  EfiMmap: 17,
  EfiBs: 18,
  Efi32ImageHandle: 19,
  Efi64ImageHandle: 20,
  LoadBaseAddr: 21,
} as const;

/** A known tag's name. */
export type TagName = keyof typeof TagType;

const NAMES = new Map<number, TagName>(
  (Object.entries(TagType) as [TagName, number][]).map(([name, n]) => [n, name]),
);

/** The name of tag type `type`, or `unknown(N)`. */
export function tagName(type: number): string {
  return NAMES.get(type) ?? `unknown(${type})`;
}

/** Memory-map entry types (Multiboot2 section 3.6.8; the same numbers as e820). */
export const MmapType = {
  Available: 1,
  Reserved: 2,
  AcpiReclaimable: 3,
  Nvs: 4,
  BadRam: 5,
} as const;
