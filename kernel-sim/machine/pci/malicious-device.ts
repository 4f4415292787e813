/**
 * A malicious PCI device: its DMA is issued when a scenario says, at addresses it chooses (at
 * kernel frames, at another device's buffers, at the translation tables), also at chosen
 * points of the remapping unit's programming (e.g. after SRTP is issued but before TE completes,
 * MOI-03's window). Its results say whether each access landed or was blocked.
 * @module
 */
import type { DmaRemappingUnit, CommandEvent } from '../iommu/dma-remapping-unit.js';
import type { DmaResult } from './dma-bus.js';
import { PciDevice } from './pci-device.js';

/** One attack and what came of it. */
export interface AttackRecord {
  readonly kind: 'read' | 'write';
  readonly address: number;
  readonly length: number;
  /** Label given by the scenario (e.g. `root table`, `during SRTP`). */
  readonly label: string;
  readonly result: DmaResult;
}

/** A device whose DMA a scenario directs. */
export class MaliciousDevice extends PciDevice {
  /** Every attack, in order. */
  readonly attacks: AttackRecord[] = [];

  /** Writes `data` at `addr`; records the outcome. */
  attackWrite(addr: number, data: Uint8Array, label = ''): DmaResult {
    const result = this.dmaWrite(addr, data);
    this.attacks.push({ kind: 'write', address: addr, length: data.length, label, result });
    return result;
  }

  /** Reads `len` bytes at `addr`; records the outcome. */
  attackRead(addr: number, len: number, label = ''): DmaResult {
    const result = this.dmaRead(addr, len);
    this.attacks.push({ kind: 'read', address: addr, length: len, label, result });
    return result;
  }

  /**
   * Runs `action` whenever `unit` reports `command` (GCMD name, CCMD or IOTLB) in `phase`,
   * keeping any listener already installed. @returns a function that disarms it
   */
  armDuring(unit: DmaRemappingUnit, command: string, phase: CommandEvent['phase'], action: (e: CommandEvent) => void): () => void {
    const previous = unit.onCommand;
    let armed = true;
    unit.onCommand = (e) => {
      previous?.(e);
      if (armed && e.command === command && e.phase === phase) action(e);
    };
    return () => { armed = false; };
  }

  /** How many attacks landed (ok) and how many were blocked. */
  get tally(): { landed: number; blocked: number } {
    let landed = 0;
    for (const a of this.attacks) if (a.result.ok) landed++;
    return { landed, blocked: this.attacks.length - landed };
  }
}
