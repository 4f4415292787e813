/**
 * The universe of one run: its CPUs, threads, interrupt controller and checks. A scenario's
 * `setup` fills it; the scheduler then runs it. CPUs and threads are fixed once the run starts.
 * @module
 */
import { KernelSimError } from '../util/errors.js';
import { Cpu } from './cpu.js';
import type { Co } from './effect.js';
import { IrqController, type PendingIrq } from './irq.js';
import type { LockOrderChecker } from './lock-order.js';
import type { Verdict } from './scenario.js';
import { SimThread } from './thread.js';

/** A named check of a world. */
export interface WorldCheck {
  /** Name used in failure messages. */
  readonly name: string;
  /** The check. */
  readonly fn: () => Verdict;
}

/** A scenario was set up wrongly (e.g. two threads on one CPU, a thread spawned mid-run). */
export class ScenarioSetupError extends KernelSimError {}

/** One run's world. */
export class World {
  /** The CPUs, by index. */
  readonly cpus: Cpu[] = [];
  /** All contexts in creation order: threads, then interrupt handlers as they are delivered. */
  readonly threads: SimThread[] = [];
  /** The interrupt controller. */
  readonly irq = new IrqController();
  /** Checks run when every context has finished. */
  readonly endChecks: WorldCheck[] = [];
  /** Checks run after every step. */
  readonly invariants: WorldCheck[] = [];
  private sealed = false;

  constructor(
    /** The lock-order checker of this run's contexts, or null. */
    readonly lockOrder: LockOrderChecker | null = null,
  ) {}

  /** Adds one CPU. */
  addCpu(): Cpu {
    this.assertOpen('addCpu');
    const c = new Cpu(this.cpus.length);
    this.cpus.push(c);
    return c;
  }

  /** Adds `n` CPUs. */
  addCpus(n: number): Cpu[] {
    const out: Cpu[] = [];
    for (let i = 0; i < n; i++) out.push(this.addCpu());
    return out;
  }

  /** Creates the thread of `cpu` running `body` (one thread per CPU). */
  spawn(cpu: Cpu | number, name: string, body: () => Co<unknown>): SimThread {
    this.assertOpen('spawn');
    const c = typeof cpu === 'number' ? this.cpus[cpu] : cpu;
    if (c === undefined || this.cpus[c.index] !== c) throw new ScenarioSetupError(`spawn '${name}': no CPU ${String(cpu)} in this world`);
    if (c.stack.length > 0) throw new ScenarioSetupError(`spawn '${name}': CPU ${c.index} already runs '${c.stack[0]!.name}' (one thread per CPU)`);
    const t = new SimThread(this.threads.length, name, 'thread', c, body(), this.lockOrder);
    this.threads.push(t);
    c.stack.push(t);
    return t;
  }

  /** Raises interrupt `vector` on CPU `cpu`, pending until that CPU has an IRQ window with IF set. */
  raiseIrq(cpu: Cpu | number, vector: number, handler: () => Co<unknown>, name?: string): void {
    const i = typeof cpu === 'number' ? cpu : cpu.index;
    if (this.cpus[i] === undefined) throw new ScenarioSetupError(`raiseIrq ${vector}: no CPU ${i} in this world`);
    this.irq.raise(i, vector, handler, name);
  }

  /** Adds a check run when every context has finished. */
  atEnd(fn: () => Verdict, name = `check ${this.endChecks.length}`): void {
    this.endChecks.push({ name, fn });
  }

  /** Adds an invariant checked after every step. */
  always(fn: () => Verdict, name = `invariant ${this.invariants.length}`): void {
    this.invariants.push({ name, fn });
  }

  /** @internal closes setup: no more CPUs or threads. */
  seal(): void {
    if (this.cpus.length === 0) throw new ScenarioSetupError('the scenario created no CPU');
    this.sealed = true;
  }

  /** @internal pushes the handler of `irq` on `cpu` (IF cleared, saved for its return). */
  enterIrq(cpu: Cpu, irq: PendingIrq): SimThread {
    const h = new SimThread(this.threads.length, irq.name, 'irq', cpu, irq.handler(), this.lockOrder, irq.vector);
    this.threads.push(h);
    h.savedIf = cpu.interruptsEnabled;
    cpu.interruptsEnabled = false;
    const below = cpu.top();
    if (below) below.blockedSince = -1; // it does not spin while suspended
    cpu.stack.push(h);
    return h;
  }

  private assertOpen(what: string): void {
    if (this.sealed) throw new ScenarioSetupError(`${what}: CPUs and threads are fixed once the run has started`);
  }
}
