/**
 * The kernel address space (seed FG4.14; 232e62b `mm/kspace.rs`): the layout constants with
 * KSP-01, the I/O ranges with KSP-02, `initKernelPageTable`, and the boot sequence that gets there
 * from boot.S's page table ({@link buildKernelAddressSpace}).
 *
 * ```ts
 * const kernel = bootKernel('datasets/mbi/q35-4G.mbi');
 * const ks = buildKernelAddressSpace(kernel);
 * ks.mmu.translate(ks.cpu, paddrToVaddr(0x1000));   // { paddr: 0x1000, pageSize, flags, ... }
 * pageWalkView(ks.mmu, ks.cpu, 0xffff_8000_0020_0000n); // the walk level by level
 * ks.report.mapped;                                 // linear, metadata, mmio, kernel-code
 * ```
 * `walkAfterBoot` is what `kernel-sim pagewalk` runs. {@link kspaceVmSpaceEnv} makes a VmSpace
 * environment on the kernel page table (user roots share its kernel half).
 *
 * Switches: KSP-01 (39-bit `ADDR_WIDTH_SHIFT`), KSP-02 (fixed 32-36 GiB I/O window). MOL-01 is
 * documented in `init-kernel-page-table.ts` (no observable effect).
 * @module
 */
export * from './layout.js';
export * from './mmio.js';
export * from './page-count.js';
export * from './init-kernel-page-table.js';
export * from './boot-sequence.js';
export * from './page-walk-view.js';
export * from './walk-after-boot.js';
export * from './vm-space-env.js';
