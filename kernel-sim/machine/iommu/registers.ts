/**
 * The VT-d remapping unit's register map (Intel VT-d specification, chapter 11; offsets as in
 * QEMU's `hw/i386/intel_iommu_internal.h` and Linux's `drivers/iommu/intel/iommu.h`;
 * shared/reference/hardware-and-metrics.md §3.1-3.2, §3.5-3.6). Offsets are bytes from the
 * register base; bit constants are numbers for 32-bit registers and bigints for 64-bit ones.
 * @module
 */

/** Version (32, RO): bits 7:4 major, 3:0 minor. */
export const REG_VER = 0x00;
/** Capability (64, RO). */
export const REG_CAP = 0x08;
/** Extended capability (64, RO). */
export const REG_ECAP = 0x10;
/** Global command (32, WO: reads give 0). */
export const REG_GCMD = 0x18;
/** Global status (32, RO). */
export const REG_GSTS = 0x1c;
/** Root table address (64, RW). */
export const REG_RTADDR = 0x20;
/** Context command (64, RW). */
export const REG_CCMD = 0x28;
/** Fault status (32). */
export const REG_FSTS = 0x34;
/** Fault event control (32). */
export const REG_FECTL = 0x38;
/** Fault event interrupt data (32). */
export const REG_FEDATA = 0x3c;
/** Fault event interrupt address (32; bits 1:0 reserved). */
export const REG_FEADDR = 0x40;
/** Fault event interrupt upper address (32). */
export const REG_FEUADDR = 0x44;

/** IOTLB registers: IVA at ECAP.IRO*16, the IOTLB invalidate register 8 bytes above it. */
export const IOTLB_REG_IVA = 0;
/** Offset of the IOTLB invalidate register from ECAP.IRO*16. */
export const IOTLB_REG_IOTLB = 8;

/** Size of the register page the unit decodes (one 4 KiB page). */
export const REGISTER_PAGE_SIZE = 0x1000;

// GCMD (command) and GSTS (status) share bit positions.
/** GCMD.TE / GSTS.TES: translation enable. */
export const GCMD_TE = 1 << 31 >>> 0;
/** GCMD.SRTP / GSTS.RTPS: set root table pointer (one-shot). */
export const GCMD_SRTP = 1 << 30;
/** GCMD.SFL / GSTS.FLS: set fault log (one-shot; needs advanced fault logging). */
export const GCMD_SFL = 1 << 29;
/** GCMD.EAFL / GSTS.AFLS: enable advanced fault logging. */
export const GCMD_EAFL = 1 << 28;
/** GCMD.WBF / GSTS.WBFS: write buffer flush (one-shot; needs CAP.RWBF). */
export const GCMD_WBF = 1 << 27;
/** GCMD.QIE / GSTS.QIES: queued invalidation enable. */
export const GCMD_QIE = 1 << 26;
/** GCMD.IRE / GSTS.IRES: interrupt remapping enable. */
export const GCMD_IRE = 1 << 25;
/** GCMD.SIRTP / GSTS.IRTPS: set interrupt remap table pointer (one-shot). */
export const GCMD_SIRTP = 1 << 24;
/** GCMD.CFI / GSTS.CFIS: compatibility format interrupt. */
export const GCMD_CFI = 1 << 23;
/** The one-shot command bits: writing 1 issues the command again. */
export const GCMD_ONE_SHOT = GCMD_SRTP | GCMD_SFL | GCMD_WBF | GCMD_SIRTP;
/**
 * What software ANDs GSTS with before OR-ing in one command (the spec's sequence; Asterinas
 * `ONE_SHOT_STATUS_MASK`): clears the one-shot status bits so they are not re-issued.
 */
export const ONE_SHOT_STATUS_MASK = 0x96ffffff;

/** Names of the GCMD bits, by bit. */
export const GCMD_NAMES: Readonly<Record<number, string>> = Object.freeze({
  [GCMD_TE]: 'TE', [GCMD_SRTP]: 'SRTP', [GCMD_SFL]: 'SFL', [GCMD_EAFL]: 'EAFL', [GCMD_WBF]: 'WBF',
  [GCMD_QIE]: 'QIE', [GCMD_IRE]: 'IRE', [GCMD_SIRTP]: 'SIRTP', [GCMD_CFI]: 'CFI',
});

/** Names of the GSTS bits, by bit. */
export const GSTS_NAMES: Readonly<Record<number, string>> = Object.freeze({
  [GCMD_TE]: 'TES', [GCMD_SRTP]: 'RTPS', [GCMD_SFL]: 'FLS', [GCMD_EAFL]: 'AFLS', [GCMD_WBF]: 'WBFS',
  [GCMD_QIE]: 'QIES', [GCMD_IRE]: 'IRES', [GCMD_SIRTP]: 'IRTPS', [GCMD_CFI]: 'CFIS',
});

// RTADDR
/** RTADDR bits 63:12: the root table's physical address. */
export const RTADDR_ADDR_MASK = 0xffff_ffff_ffff_f000n;
/** RTADDR bits 11:10: translation table mode (00 legacy; others need ECAP.SMTS/ADMS). */
export const RTADDR_TTM_MASK = 0xc00n;

// CCMD
/** CCMD.ICC (bit 63): invalidate context cache; hardware clears it when done. */
export const CCMD_ICC = 1n << 63n;
/** CCMD.CIRG shift (bits 62:61): requested granularity (1 global, 2 domain, 3 device). */
export const CCMD_CIRG_SHIFT = 61n;
/** CCMD.CAIG shift (bits 60:59): granularity the hardware performed. */
export const CCMD_CAIG_SHIFT = 59n;
/** CCMD global invalidation request: ICC | CIRG=01 (0xA000_0000_0000_0000). */
export const CCMD_GLOBAL_INVALIDATE = CCMD_ICC | (1n << CCMD_CIRG_SHIFT);

// IOTLB invalidate register
/** IOTLB.IVT (bit 63): invalidate IOTLB; hardware clears it when done. */
export const IOTLB_IVT = 1n << 63n;
/** IOTLB.IIRG shift (bits 61:60): requested granularity (1 global, 2 domain, 3 page). */
export const IOTLB_IIRG_SHIFT = 60n;
/** IOTLB.IAIG shift (bits 58:57): granularity performed. */
export const IOTLB_IAIG_SHIFT = 57n;
/** IOTLB.DR (bit 49), IOTLB.DW (bit 48): drain reads / writes. */
export const IOTLB_DR = 1n << 49n;
export const IOTLB_DW = 1n << 48n;
/** IOTLB.DID shift (bits 47:32). */
export const IOTLB_DID_SHIFT = 32n;
/** IOTLB global invalidation request: IVT | IIRG=01 (0x9000_0000_0000_0000). */
export const IOTLB_GLOBAL_INVALIDATE = IOTLB_IVT | (1n << IOTLB_IIRG_SHIFT);
/** IVA.IH (bit 6): invalidation hint (leaf entries only). */
export const IVA_IH = 1n << 6n;
/** IVA.AM (bits 5:0): address mask, log2 of the pages invalidated. */
export const IVA_AM_MASK = 0x3fn;

// FSTS
/** FSTS.PFO (bit 0, RW1CS): primary fault overflow. */
export const FSTS_PFO = 1 << 0;
/** FSTS.PPF (bit 1, RO): primary pending fault, set while any record's F is set. */
export const FSTS_PPF = 1 << 1;
/** FSTS.AFO (bit 2), APF (bit 3): advanced fault overflow / pending (not supported). */
export const FSTS_AFO = 1 << 2;
export const FSTS_APF = 1 << 3;
/** FSTS.IQE (4), ICE (5), ITE (6) (RW1CS): invalidation queue errors (never set here: no queue). */
export const FSTS_IQE = 1 << 4;
export const FSTS_ICE = 1 << 5;
export const FSTS_ITE = 1 << 6;
/** FSTS.FRI shift (bits 15:8, RO): index of the first pending fault record. */
export const FSTS_FRI_SHIFT = 8;
/** The FSTS bits software clears by writing 1. */
export const FSTS_RW1C_MASK = FSTS_PFO | FSTS_AFO | FSTS_APF | FSTS_IQE | FSTS_ICE | FSTS_ITE;

// FECTL
/** FECTL.IM (bit 31, RW): interrupt mask; resets to 1. */
export const FECTL_IM = 1 << 31 >>> 0;
/** FECTL.IP (bit 30, RO): interrupt pending. */
export const FECTL_IP = 1 << 30;

// Fault recording register (128 bits; as four u32 words w0..w3, low to high)
/** w3 bit 31 (record bit 127): F, fault (RW1CS). */
export const FRCD_W3_F = 1 << 31 >>> 0;
/** w3 bit 30 (record bit 126): T, 1 = read request, 0 = write. */
export const FRCD_W3_T = 1 << 30;
/** w3 bits 7:0 (record bits 103:96): FR, fault reason. */
export const FRCD_W3_FR_MASK = 0xff;
/** w2 bits 15:0 (record bits 79:64): SID, source identifier. */
export const FRCD_W2_SID_MASK = 0xffff;
/** Bytes per fault recording register. */
export const FRCD_SIZE = 16;
