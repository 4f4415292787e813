/**
 * The decoded tags of a Multiboot2 information structure (MBI). Each tag keeps every byte it
 * was read from (`trailing`, `padding`), so parsing then building gives back identical bytes.
 * Layouts follow GRUB 2, the producer of the real captures, where it differs from the spec text:
 * the framebuffer tag's reserved field is a u16 and the ELF-sections tag's counts are u32.
 * @module
 */

/** Fields every tag has. */
export interface TagCommon {
  /** Byte offset of the tag in the MBI it was parsed from (ignored when building). */
  readonly offset?: number;
  /** Bytes inside the tag's size past the decoded fields (kept for exact round trips). */
  readonly trailing?: Uint8Array;
  /** The bytes between the tag's end and the next 8-byte boundary, when they are not zero. */
  readonly padding?: Uint8Array;
}

/** A NUL-terminated string field; `raw` is kept only when it is not valid UTF-8. */
export interface TagString {
  readonly text: string;
  readonly raw?: Uint8Array;
}

export interface EndTag extends TagCommon { readonly type: 0 }
export interface CmdlineTag extends TagCommon { readonly type: 1; readonly string: TagString }
export interface BootLoaderNameTag extends TagCommon { readonly type: 2; readonly string: TagString }
export interface ModuleTag extends TagCommon {
  readonly type: 3;
  readonly modStart: number;
  readonly modEnd: number;
  readonly string: TagString;
}
export interface BasicMeminfoTag extends TagCommon {
  readonly type: 4;
  /** KiB of lower memory (below 1 MiB). */
  readonly memLower: number;
  /** KiB of upper memory (from 1 MiB to the first hole). */
  readonly memUpper: number;
}
export interface BootdevTag extends TagCommon {
  readonly type: 5;
  readonly biosdev: number;
  readonly partition: number;
  readonly subPartition: number;
}

/** One memory-map entry (24 bytes, plus `extra` when entry_size is larger). */
export interface MmapEntry {
  readonly base: bigint;
  readonly length: bigint;
  readonly type: number;
  readonly reserved: number;
  readonly extra?: Uint8Array;
}
export interface MmapTag extends TagCommon {
  readonly type: 6;
  readonly entrySize: number;
  readonly entryVersion: number;
  readonly entries: readonly MmapEntry[];
}
export interface VbeTag extends TagCommon {
  readonly type: 7;
  readonly mode: number;
  readonly interfaceSeg: number;
  readonly interfaceOff: number;
  readonly interfaceLen: number;
  /** 512 bytes of VBE control information. */
  readonly controlInfo: Uint8Array;
  /** 256 bytes of VBE mode information. */
  readonly modeInfo: Uint8Array;
}

/** How the framebuffer encodes colours (framebuffer_type 0, 1, 2). */
export type FramebufferColor =
  | { readonly kind: 'indexed'; readonly palette: readonly { r: number; g: number; b: number }[] }
  | {
      readonly kind: 'rgb';
      readonly redPosition: number; readonly redSize: number;
      readonly greenPosition: number; readonly greenSize: number;
      readonly bluePosition: number; readonly blueSize: number;
    }
  | { readonly kind: 'text' }
  | { readonly kind: 'other'; readonly fbType: number };
export interface FramebufferTag extends TagCommon {
  readonly type: 8;
  readonly addr: bigint;
  readonly pitch: number;
  readonly width: number;
  readonly height: number;
  readonly bpp: number;
  readonly reserved: number;
  readonly color: FramebufferColor;
}

/** One ELF section header, ELF32 or ELF64 by the tag's entsize (40 or 64). */
export interface ElfSection {
  readonly name: number;
  readonly type: number;
  readonly flags: bigint;
  readonly addr: bigint;
  readonly offset: bigint;
  readonly size: bigint;
  readonly link: number;
  readonly info: number;
  readonly addralign: bigint;
  readonly entsize: bigint;
}
export interface ElfSectionsTag extends TagCommon {
  readonly type: 9;
  readonly entsize: number;
  readonly shndx: number;
  /** Decoded headers when entsize is 40 or 64. */
  readonly sections: readonly ElfSection[];
  /** The headers as bytes when entsize is neither 40 nor 64. */
  readonly rawSections?: Uint8Array;
  /** The section count as stored (equals `sections.length` when decoded). */
  readonly num: number;
}
export interface ApmTag extends TagCommon {
  readonly type: 10;
  readonly version: number;
  readonly cseg: number;
  readonly offsetField: number;
  readonly cseg16: number;
  readonly dseg: number;
  readonly flags: number;
  readonly csegLen: number;
  readonly cseg16Len: number;
  readonly dsegLen: number;
}
/** EFI 32/64-bit system table or image handle pointers (types 11, 12, 19, 20). */
export interface EfiPointerTag extends TagCommon {
  readonly type: 11 | 12 | 19 | 20;
  readonly pointer: bigint;
}
export interface SmbiosTag extends TagCommon {
  readonly type: 13;
  readonly major: number;
  readonly minor: number;
  readonly reserved: Uint8Array;
  readonly tables: Uint8Array;
}
/** A copy of the ACPI RSDP (type 14: v1, type 16-byte; type 15: v2 and later). */
export interface AcpiTag extends TagCommon {
  readonly type: 14 | 15;
  readonly rsdp: Uint8Array;
}
export interface NetworkTag extends TagCommon { readonly type: 16; readonly dhcpAck: Uint8Array }

/** One EFI_MEMORY_DESCRIPTOR (40 bytes, plus `extra` up to descriptor_size). */
export interface EfiMemoryDescriptor {
  readonly type: number;
  readonly pad: number;
  readonly physicalStart: bigint;
  readonly virtualStart: bigint;
  readonly numberOfPages: bigint;
  readonly attribute: bigint;
  readonly extra?: Uint8Array;
}
export interface EfiMmapTag extends TagCommon {
  readonly type: 17;
  readonly descriptorSize: number;
  readonly descriptorVersion: number;
  readonly descriptors: readonly EfiMemoryDescriptor[];
}
export interface EfiBsTag extends TagCommon { readonly type: 18 }
export interface LoadBaseAddrTag extends TagCommon { readonly type: 21; readonly loadBaseAddr: number }
/** A tag kernel-sim does not decode, kept as its payload bytes. */
export interface UnknownTag extends TagCommon { readonly type: number; readonly unknown: true; readonly payload: Uint8Array }

/** Any tag of the MBI. */
export type Tag =
  | EndTag | CmdlineTag | BootLoaderNameTag | ModuleTag | BasicMeminfoTag | BootdevTag | MmapTag
  | VbeTag | FramebufferTag | ElfSectionsTag | ApmTag | EfiPointerTag | SmbiosTag | AcpiTag
  | NetworkTag | EfiMmapTag | EfiBsTag | LoadBaseAddrTag | UnknownTag;

/** A parsed Multiboot2 information structure. */
export interface MultibootInfo {
  /** The `reserved` u32 after total_size (zero from GRUB). */
  readonly reserved: number;
  /** The tags in order, the end tag last. */
  readonly tags: readonly Tag[];
}

/** The decoded tag interface of each known tag type. */
export interface TagByType {
  0: EndTag; 1: CmdlineTag; 2: BootLoaderNameTag; 3: ModuleTag; 4: BasicMeminfoTag; 5: BootdevTag;
  6: MmapTag; 7: VbeTag; 8: FramebufferTag; 9: ElfSectionsTag; 10: ApmTag; 11: EfiPointerTag;
  12: EfiPointerTag; 13: SmbiosTag; 14: AcpiTag; 15: AcpiTag; 16: NetworkTag; 17: EfiMmapTag;
  18: EfiBsTag; 19: EfiPointerTag; 20: EfiPointerTag; 21: LoadBaseAddrTag;
}

/** True for a tag kept as raw bytes. */
export function isUnknownTag(tag: Tag): tag is UnknownTag {
  return 'unknown' in tag;
}

/** The first decoded tag of `type`, if any. */
export function findTag<T extends keyof TagByType>(info: MultibootInfo, type: T): TagByType[T] | undefined {
  return info.tags.find((t) => t.type === type && !isUnknownTag(t)) as TagByType[T] | undefined;
}

/** Every decoded tag of `type`, in order. */
export function findTags<T extends keyof TagByType>(info: MultibootInfo, type: T): TagByType[T][] {
  return info.tags.filter((t) => t.type === type && !isUnknownTag(t)) as TagByType[T][];
}
