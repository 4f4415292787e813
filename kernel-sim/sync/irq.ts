/**
 * Interrupts: the per-world interrupt controller holding pending IRQs per CPU, and the
 * thread-side operations on the local interrupt flag. A pending IRQ is delivered at an IRQ
 * window of its CPU while IF is set: the handler runs nested on that CPU with IF cleared (as an
 * x86 interrupt gate does), the interrupted context suspended until the handler returns, and IF
 * is restored on return (iret). Every preemption point is an IRQ window (hardware can interrupt
 * between any two instructions; the model only has its preemption points); `irqWindow()` adds
 * one where no other effect occurs, and re-enabling interrupts adds one implicitly.
 *
 * Simplifications: no priorities or masking per vector (FIFO per CPU), no NMIs, no IPI latency.
 * @module
 */
import { IRQ_ENABLED_WINDOW, IRQ_WINDOW, type Co } from './effect.js';
import { currentThread } from './thread.js';

/** A raised, not yet delivered interrupt. */
export interface PendingIrq {
  /** The vector (e.g. 32 for the timer). */
  readonly vector: number;
  /** Name of the handler, for traces (default `irq<vector>`). */
  readonly name: string;
  /** The handler, run nested on the interrupted CPU. */
  readonly handler: () => Co<unknown>;
}

/** Pending interrupts per CPU. */
export class IrqController {
  private readonly queues: PendingIrq[][] = [];

  /** Raises `vector` on CPU `cpu`; it is delivered at one of that CPU's IRQ windows with IF set. */
  raise(cpu: number, vector: number, handler: () => Co<unknown>, name = `irq${vector}`): void {
    while (this.queues.length <= cpu) this.queues.push([]);
    this.queues[cpu]!.push({ vector, name, handler });
  }

  /** Number of IRQs pending on `cpu`. */
  pending(cpu: number): number {
    const q = this.queues[cpu];
    return q === undefined ? 0 : q.length;
  }

  /** @internal removes and returns the next IRQ of `cpu` (FIFO). */
  take(cpu: number): PendingIrq | undefined {
    const q = this.queues[cpu];
    return q === undefined ? undefined : q.shift();
  }
}

/** An explicit IRQ window: a point where a pending interrupt (or another CPU) may run. */
export function* irqWindow(): Co<void> {
  yield IRQ_WINDOW;
}

/** Whether interrupts are enabled on the running context's CPU. */
export function localIrqEnabled(): boolean {
  return currentThread().cpu.interruptsEnabled;
}

/** Disables interrupts on the running context's CPU (`cli`); returns the previous IF. */
export function disableLocalIrq(): boolean {
  const cpu = currentThread().cpu;
  const was = cpu.interruptsEnabled;
  cpu.interruptsEnabled = false;
  return was;
}

/** Enables interrupts on the running context's CPU (`sti`); going from 0 to 1 is an IRQ window. */
export function* enableLocalIrq(): Co<void> {
  const cpu = currentThread().cpu;
  if (cpu.interruptsEnabled) return;
  cpu.interruptsEnabled = true;
  yield IRQ_ENABLED_WINDOW;
}
