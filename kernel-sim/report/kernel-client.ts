import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Dealer, Request, Subscriber } from 'zeromq';
import type { Socket } from 'zeromq';
import { endpoint, newConnectionInfo } from './connection.js';
import type { ConnectionInfo } from './connection.js';
import { CellTimeoutError, KernelDiedError, KernelStartError } from './errors.js';
import { decode, encode, newMessage } from './wire.js';
import type { JupyterMessage } from './wire.js';
import { packageRoot as repoRoot } from '../util/package-root.js';

/** Options of {@link KernelClient.start}. */
export interface KernelClientOptions {
  /** Working directory of the kernel; notebook imports resolve from it (default: repo root). */
  cwd?: string;
  /** How long the kernel may take to answer `kernel_info_request` (default 2 min: a hang guard, generous for a loaded machine). */
  startupTimeoutMs?: number;
  /** Path of tslab's launcher (default: the installed `tslab/bin/tslab`). */
  tslabBin?: string;
  /**
   * The kernel's command line instead, as a kernelspec's `argv` (`{connection_file}` stands for
   * the connection file); `tslabBin` is then unused.
   */
  kernelArgv?: readonly string[];
}

/** Options of {@link KernelClient.execute}. */
export interface ExecuteOptions {
  /** Time limit for the request (reply and idle status); default 10 min (a hang guard). */
  timeoutMs?: number;
  /** Called with every iopub message of this request, also ones arriving after it finished. */
  onIopub?: (msg: JupyterMessage) => void;
}

/** What one `execute_request` produced. */
export interface ExecuteOutcome {
  /** `execute_reply` status; tslab replies `error` for a failing cell, `abort` for a skipped one. */
  status: 'ok' | 'error' | 'abort';
  /** The kernel's execution counter for this request, when it reported one. */
  executionCount: number | null;
  /** The full `execute_reply`. */
  reply: JupyterMessage;
  /** The iopub messages of this request up to its `idle` status, in order. */
  iopub: JupyterMessage[];
}

interface Pending {
  iopub: JupyterMessage[];
  reply?: JupyterMessage;
  idle: boolean;
  done: (outcome: { reply: JupyterMessage; iopub: JupyterMessage[] }) => void;
  fail: (e: Error) => void;
  /** Drops the request: its timer cleared, its promise left unsettled (nobody awaits it). */
  cancel: () => void;
}

/**
 * A Jupyter client for one tslab kernel process over ZeroMQ (shell, iopub, control,
 * stdin and heartbeat channels), speaking messaging protocol 5.3 with HMAC-SHA256.
 */
export class KernelClient {
  /** The `kernel_info_reply` content. */
  kernelInfo: Record<string, unknown> = {};
  /** Milliseconds from spawn to the first complete `kernel_info_request` round trip. */
  startupMs = 0;

  private readonly session = randomUUID();
  private readonly shell = new Dealer({ linger: 0 });
  private readonly control = new Dealer({ linger: 0 });
  private readonly stdin = new Dealer({ linger: 0 });
  private readonly iopub = new Subscriber({ linger: 0 });
  // relaxed + correlate: a lost ping does not wedge the REQ socket for the next one.
  private readonly hb = new Request({ linger: 0, receiveTimeout: 1000, relaxed: true, correlate: true });
  private readonly pending = new Map<string, Pending>();
  private readonly sinks = new Map<string, (msg: JupyterMessage) => void>();
  private stderrTail = '';
  private exited: KernelDiedError | undefined;
  private closed = false;

  private constructor(
    private readonly info: ConnectionInfo,
    private readonly dir: string,
    private readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-8000);
    };
    child.stderr?.on('data', keep);
    child.stdout?.on('data', keep);
    child.on('exit', (code, signal) => {
      this.exited = new KernelDiedError(code, signal, this.stderrTail);
      for (const p of this.pending.values()) p.fail(this.exited);
      this.pending.clear();
    });
  }

  /**
   * Spawns `tslab kernel` in `cwd`, connects all channels and waits until the kernel
   * answers `kernel_info_request` on shell and iopub (so no early output is lost).
   * @throws {@link KernelStartError} if it does not within `startupTimeoutMs`.
   */
  static async start(options: KernelClientOptions = {}): Promise<KernelClient> {
    const started = Date.now();
    const info = await newConnectionInfo();
    const dir = mkdtempSync(join(tmpdir(), 'kernel-sim-kernel-'));
    const configPath = join(dir, 'connection.json');
    writeFileSync(configPath, JSON.stringify(info, null, 2), { mode: 0o600 });
    const argv = options.kernelArgv
      ? options.kernelArgv.map((a) => a.replaceAll('{connection_file}', configPath))
      : [process.execPath, options.tslabBin ?? defaultTslabBin(), 'kernel', '--config-path', configPath];
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: options.cwd ?? repoRoot(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const client = new KernelClient(info, dir, child);
    try {
      client.connect();
      await client.waitReady(options.startupTimeoutMs ?? 120_000);
    } catch (e) {
      await client.shutdown(0);
      if (e instanceof KernelStartError) throw e;
      throw new KernelStartError(e instanceof Error ? e.message : String(e), client.stderrTail);
    }
    client.startupMs = Date.now() - started;
    return client;
  }

  /** The kernel process's own stdout/stderr (last 8000 characters). */
  get kernelStderr(): string {
    return this.stderrTail;
  }

  /** Runs `code` and resolves once the kernel replied and reported `idle` for it. */
  async execute(code: string, options: ExecuteOptions = {}): Promise<ExecuteOutcome> {
    const timeoutMs = options.timeoutMs ?? 600_000;
    const msg = newMessage('execute_request', this.session, {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    });
    if (options.onIopub) this.sinks.set(msg.header.msg_id, options.onIopub);
    const { reply, iopub } = await this.request(this.shell, msg, timeoutMs, () => new CellTimeoutError(timeoutMs, code));
    const content = reply.content as { status?: string; execution_count?: number };
    const status = content.status === 'ok' || content.status === 'abort' ? content.status : 'error';
    return {
      status,
      executionCount: typeof content.execution_count === 'number' ? content.execution_count : null,
      reply,
      iopub,
    };
  }

  /** True when the kernel echoes a ping on the heartbeat channel within one second. */
  async heartbeat(): Promise<boolean> {
    try {
      await this.hb.send('ping');
      const [echo] = await this.hb.receive();
      return echo?.toString() === 'ping';
    } catch {
      return false;
    }
  }

  /**
   * Asks the kernel to shut down on the control channel, waits up to `graceMs` for the
   * process to exit, then kills it; closes the sockets and removes the connection file.
   */
  async shutdown(graceMs = 3000): Promise<void> {
    if (this.closed) return;
    if (!this.exited && graceMs > 0) {
      try {
        await this.control.send(encode(this.info.key, newMessage('shutdown_request', this.session, { restart: false })));
      } catch {
        // The socket may already be unusable; killing below still ends the kernel.
      }
      await this.waitExit(graceMs);
    }
    if (!this.exited) {
      this.child.kill('SIGTERM');
      if (!(await this.waitExit(1000))) this.child.kill('SIGKILL');
      await this.waitExit(1000);
    }
    this.closed = true;
    for (const s of [this.shell, this.control, this.stdin, this.iopub, this.hb]) s.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private connect(): void {
    this.shell.connect(endpoint(this.info, this.info.shell_port));
    this.control.connect(endpoint(this.info, this.info.control_port));
    this.stdin.connect(endpoint(this.info, this.info.stdin_port));
    this.hb.connect(endpoint(this.info, this.info.hb_port));
    this.iopub.connect(endpoint(this.info, this.info.iopub_port));
    this.iopub.subscribe();
    void this.readLoop(this.shell, (m) => this.onReply(m));
    void this.readLoop(this.control, (m) => this.onReply(m));
    void this.readLoop(this.iopub, (m) => this.onIopub(m));
  }

  /**
   * Sends kernel_info_request every 500 ms until one completes on shell AND iopub:
   * a SUB socket drops what is published before its subscription reaches the kernel.
   */
  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const attempts: Promise<{ reply: JupyterMessage }>[] = [];
    const ids: string[] = [];
    try {
      while (Date.now() < deadline) {
        if (this.exited) throw new KernelStartError(this.exited.message, this.stderrTail);
        const msg = newMessage('kernel_info_request', this.session, {});
        ids.push(msg.header.msg_id);
        attempts.push(this.request(this.shell, msg, deadline - Date.now(), () => new KernelStartError('timed out', '')));
        let retry: NodeJS.Timeout | undefined;
        const first = await Promise.race([
          Promise.any(attempts).catch(() => undefined),
          new Promise<undefined>((r) => (retry = setTimeout(() => r(undefined), 500))),
        ]);
        clearTimeout(retry);
        if (first) {
          this.kernelInfo = first.reply.content;
          return;
        }
      }
      throw new KernelStartError(`no kernel_info_reply within ${timeoutMs} ms`, this.stderrTail);
    } finally {
      // The attempts that lost the race: a live timer each would hold the process up to the deadline.
      for (const id of ids) this.pending.get(id)?.cancel();
    }
  }

  /** Sends `msg` on `socket`; resolves when its reply and its iopub `idle` have arrived. */
  private request(
    socket: Dealer,
    msg: JupyterMessage<unknown>,
    timeoutMs: number,
    onTimeout: () => Error,
  ): Promise<{ reply: JupyterMessage; iopub: JupyterMessage[] }> {
    if (this.exited) return Promise.reject(this.exited);
    const id = msg.header.msg_id;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(onTimeout());
      }, timeoutMs);
      const settle = () => {
        clearTimeout(timer);
        this.pending.delete(id);
      };
      this.pending.set(id, {
        iopub: [],
        idle: false,
        done: (o) => {
          settle();
          resolve(o);
        },
        fail: (e) => {
          settle();
          reject(e);
        },
        cancel: settle,
      });
      socket.send(encode(this.info.key, msg)).catch((e: unknown) => {
        this.pending.get(id)?.fail(e instanceof Error ? e : new Error(String(e)));
      });
    });
  }

  private onReply(msg: JupyterMessage): void {
    const p = this.pending.get(msg.parent_header.msg_id ?? '');
    if (!p) return;
    p.reply = msg;
    this.settleIfDone(p);
  }

  private onIopub(msg: JupyterMessage): void {
    const parent = msg.parent_header.msg_id ?? '';
    this.sinks.get(parent)?.(msg);
    const p = this.pending.get(parent);
    if (!p) return;
    p.iopub.push(msg);
    if (msg.header.msg_type === 'status' && msg.content.execution_state === 'idle') p.idle = true;
    this.settleIfDone(p);
  }

  private settleIfDone(p: Pending): void {
    if (p.reply && p.idle) p.done({ reply: p.reply, iopub: p.iopub });
  }

  private async readLoop(socket: Socket & AsyncIterable<Buffer[]>, handle: (msg: JupyterMessage) => void): Promise<void> {
    try {
      for await (const frames of socket) {
        try {
          handle(decode(this.info.key, frames));
        } catch (e) {
          // A malformed or forged message is dropped; keep it visible for diagnosis.
          this.stderrTail += `\n[kernel-sim client] ${e instanceof Error ? e.message : String(e)}`;
        }
      }
    } catch {
      // Iteration ends with an error when the socket is closed during shutdown.
    }
  }

  private waitExit(ms: number): Promise<boolean> {
    if (this.exited) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

/** The launcher script of the tslab package installed next to this project. */
function defaultTslabBin(): string {
  const pkg = createRequire(import.meta.url).resolve('tslab/package.json');
  return join(dirname(pkg), 'bin', 'tslab');
}
