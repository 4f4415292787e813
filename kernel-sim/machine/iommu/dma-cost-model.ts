/**
 * Simulated cycle costs of device DMA (a 3 GHz core's cycles, as `cost-model.ts` for the CPU's
 * MMU), charged to the remapping unit's and the bus's `stats.cycles` so that a `MachineClock`
 * (`machine/clock.ts`) puts DMA traffic on the CPUs' timeline. No figure here is sourced: each is
 * an assumption, chosen only so that the orders are right (an IOTLB hit is cheap, every entry
 * of a walk is a memory read, a PCIe request costs a round trip).
 * @module
 */

/** DMA cycle costs; all fields in simulated cycles. */
export interface DmaCostModel {
  /** A translation answered by the IOTLB (and the context cache). [assumption] */
  readonly iotlbHit: number;
  /** One root, context or second-level entry read by the unit's walk: a DRAM read, about 33 ns. [assumption] */
  readonly walkRead: number;
  /** One uncached register access (load or store) by the CPU: about 100 ns, as the unit's own clock charges. [assumption] */
  readonly registerAccess: number;
  /** One memory request of a device (a page piece of a transfer): a PCIe round trip, about 100 ns. [assumption] */
  readonly dmaRequest: number;
  /** Each 64-byte line of payload: PCIe 3.0 x4 at about 3.9 GB/s moves 64 B in about 16 ns. [assumption] */
  readonly dmaLine: number;
}

/** The default costs (see each field). */
export const DEFAULT_DMA_COST_MODEL: DmaCostModel = Object.freeze({
  iotlbHit: 10,
  walkRead: 100,
  registerAccess: 300,
  dmaRequest: 300,
  dmaLine: 48,
});
