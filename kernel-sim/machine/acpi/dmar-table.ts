/**
 * The ACPI DMA Remapping Reporting (DMAR) table, as typed values (VT-d spec chapter 8; Linux
 * `include/acpi/actbl1.h`): the 36-byte ACPI header with signature "DMAR", then Host Address
 * Width (HAW - 1), Flags and 10 reserved bytes, then remapping structures (type u16, length
 * u16). Only DRHD structures (type 0) are decoded field by field; the others (RMRR 1, ATSR 2,
 * RHSA 3, ANDD 4, SATC 5) are kept as raw byte ranges.
 * @module
 */

/** Byte sizes of the fixed parts. */
export const ACPI_HEADER_SIZE = 36;
export const DMAR_HEADER_SIZE = 48;
export const DRHD_HEADER_SIZE = 16;
export const DEVICE_SCOPE_HEADER_SIZE = 6;

/** DMAR flags. */
export const DMAR_FLAG_INTR_REMAP = 1;
export const DMAR_FLAG_X2APIC_OPT_OUT = 2;
export const DMAR_FLAG_DMA_CTRL_PLATFORM_OPT_IN = 4;
/** DRHD flags bit 0: the unit covers every PCI device of its segment not covered by another DRHD. */
export const DRHD_INCLUDE_PCI_ALL = 1;

/** Remapping structure types. */
export const DmarStructureType = Object.freeze({ DRHD: 0, RMRR: 1, ATSR: 2, RHSA: 3, ANDD: 4, SATC: 5 } as const);

/** Device scope types. */
export const DeviceScopeType = Object.freeze({ PciEndpoint: 1, PciSubHierarchy: 2, IoApic: 3, MsiCapableHpet: 4, AcpiNamespace: 5 } as const);

/** One hop of a device scope's path: the device and function on the bus reached so far. */
export interface PciPathEntry {
  readonly device: number;
  readonly fn: number;
}

/** A device scope entry. */
export interface DeviceScope {
  /** {@link DeviceScopeType}. */
  readonly type: number;
  /** Enumeration id (IOAPIC id, HPET number, ACPI device number; 0 for PCI). */
  readonly enumerationId: number;
  /** The bus the path starts on. */
  readonly startBus: number;
  /** The path from the start bus; one hop for a device on the start bus. */
  readonly path: readonly PciPathEntry[];
  /** Byte offset of the entry in the table (set by the decoder). */
  readonly offset?: number;
}

/** A DMA Remapping Hardware Unit Definition. */
export interface Drhd {
  readonly includePciAll: boolean;
  /** DRHD "Size" byte (VT-d 3.x: register set is 2^size 4 KiB pages; 0 in older tables). */
  readonly size?: number;
  readonly segment: number;
  /** Physical base of the unit's registers (4 KiB aligned). */
  readonly registerBase: number;
  readonly scopes: readonly DeviceScope[];
  /** Byte offset of the structure (set by the decoder). */
  readonly offset?: number;
}

/** A remapping structure other than a DRHD, kept as bytes. */
export interface RawRemappingStructure {
  readonly type: number;
  readonly offset: number;
  readonly bytes: Uint8Array;
}

/** A DMAR table. */
export interface DmarTable {
  /** Host address width in bits (the table stores it minus one). */
  readonly hostAddressWidth: number;
  readonly flags: number;
  readonly revision?: number;
  readonly oemId?: string;
  readonly oemTableId?: string;
  readonly oemRevision?: number;
  readonly creatorId?: string;
  readonly creatorRevision?: number;
  /** The DRHDs in table order. */
  readonly drhds: readonly Drhd[];
  /** Other structures, in table order (decoder output; the encoder writes none). */
  readonly others?: readonly RawRemappingStructure[];
}
