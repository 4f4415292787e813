/**
 * Interrupt lines and MSI delivery as the kernel sees them (232e62b `trap::IrqLine`:
 * `IrqLine::alloc()`, `on_active(handler)`), and the {@link MsiSink} a remapping unit writes its
 * fault-event message to: the x86 MSI format, vector in bits 7:0 of the data, destination APIC
 * ID in bits 19:12 of the address (0xFEEx_xxxx).
 *
 * A message is delivered as an interrupt on its CPU: with a {@link World} attached (a scenario),
 * it is raised there and its handler runs nested at an IRQ window of that CPU; without one, it
 * waits in {@link IrqLines.pending} until {@link IrqLines.deliverPending} runs the handlers, as
 * at the CPU's next instruction boundary. A message to a vector with no handler is counted as
 * lost (what FAU-01 shows).
 * @module
 */
import type { MsiSink } from '../../machine/index.js';
import { coOf, type World } from '../../sync/index.js';

/** An IRQ handler (232e62b passes the trap frame; the model has none). */
export type IrqHandler = () => void;

/** One allocated line. */
export class IrqLine {
  /** The handlers registered with `on_active`. */
  readonly handlers: IrqHandler[] = [];
  constructor(readonly num: number) {}

  /** `on_active(handler)`. */
  onActive(handler: IrqHandler): void {
    this.handlers.push(handler);
  }
}

/** Counters of interrupt delivery. */
export interface IrqStats {
  /** MSIs received. */
  messages: number;
  /** Handler runs. */
  handled: number;
  /** MSIs to a vector without a handler. */
  lost: number;
}

/** The kernel's interrupt lines. */
export class IrqLines implements MsiSink {
  readonly stats: IrqStats = { messages: 0, handled: 0, lost: 0 };
  /** Messages waiting for delivery (no world attached): vector and destination CPU. */
  readonly pending: { vector: number; cpu: number }[] = [];
  /** The scenario's world, when one runs. */
  world: World | null = null;
  private readonly lines = new Map<number, IrqLine>();
  private nextVector = 32;

  /** `IrqLine::alloc()`: the next free vector from 32. */
  alloc(): IrqLine {
    const l = new IrqLine(this.nextVector++);
    this.lines.set(l.num, l);
    return l;
  }

  /** {@link MsiSink.deliver}. */
  deliver(address: number, data: number): void {
    this.stats.messages++;
    const vector = data & 0xff;
    const cpu = Math.floor(address / 4096) & 0xff;
    if (this.world !== null) {
      const w = this.world;
      w.raiseIrq(cpu, vector, () => coOf(() => this.run(vector)), `msi${vector}`);
    } else {
      this.pending.push({ vector, cpu });
    }
  }

  /** Runs the handlers of the waiting messages, in order (also those raised meanwhile). */
  deliverPending(): number {
    let n = 0;
    while (this.pending.length > 0) {
      const m = this.pending.shift()!;
      this.run(m.vector);
      n++;
    }
    return n;
  }

  // One interrupt on `vector`: its handlers, or lost.
  private run(vector: number): void {
    const l = this.lines.get(vector);
    if (l === undefined || l.handlers.length === 0) {
      this.stats.lost++;
      return;
    }
    for (const h of l.handlers) h();
    this.stats.handled++;
  }
}
