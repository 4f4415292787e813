/**
 * A TLB shootdown: the initiating CPU sends an IPI to each target, each target runs the flush in
 * its interrupt handler, and the initiator waits for every acknowledgement. The cycles charged are
 * the cost model's IPI constants; the flush's own cost is charged by the flush operation.
 * Simplification: delivery is immediate and synchronous (no interleaving with the targets' work).
 * @module
 */
import type { CpuState } from './cpu-state.js';

/**
 * Runs `flush` on each target CPU as an IPI handler would and charges the IPI costs.
 * A target equal to the initiator is flushed locally, without an IPI.
 */
export function tlbShootdown(initiator: CpuState, targets: readonly CpuState[], flush: (cpu: CpuState) => void): void {
  const costs = initiator.tlb.costs;
  let remote = 0;
  for (const cpu of targets) {
    if (cpu === initiator) {
      flush(cpu);
      continue;
    }
    remote++;
    cpu.tlb.stats.ipisReceived++;
    cpu.tlb.stats.cycles += cpu.tlb.costs.ipiReceive;
    flush(cpu);
  }
  if (remote > 0) {
    initiator.tlb.stats.ipisSent += remote;
    initiator.tlb.stats.cycles += costs.ipiBase + costs.ipiPerTarget * remote;
  }
}
