/**
 * Where a remapping unit's fault-event interrupt goes: an MSI is a 32-bit write of FEDATA to
 * the address FEUADDR:FEADDR (on x86, 0xFEEx_xxxx with the vector in the data's low byte).
 * The hardware knows no more than that; whoever owns the CPUs decides what the write means.
 * @module
 */

/** Receives message-signalled interrupts. */
export interface MsiSink {
  /**
   * One interrupt message.
   * @param address FEUADDR << 32 | FEADDR (a number: below 2^53 for any x86 MSI address)
   * @param data FEDATA (bits 7:0 the vector in the x86 format)
   */
  deliver(address: number, data: number): void;
}

/** An {@link MsiSink} that records every message (for tests and metrics). */
export class RecordingMsiSink implements MsiSink {
  /** The messages, in order. */
  readonly messages: { address: number; data: number }[] = [];

  deliver(address: number, data: number): void {
    this.messages.push({ address, data });
  }
}
