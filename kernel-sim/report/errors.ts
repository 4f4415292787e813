/** Typed errors of the notebook runner and the Jupyter client. */
import { KernelSimError } from '../util/errors.js';

/** Base class of every error thrown from `kernel-sim/report`. */
export class ReportError extends KernelSimError {
  constructor(message: string) {
    super(message);
    this.name = 'ReportError';
  }
}

/** The kernel process did not start or did not answer `kernel_info_request` in time. */
export class KernelStartError extends ReportError {
  constructor(detail: string, readonly kernelStderr: string) {
    super(`the tslab kernel did not start: ${detail}${tail(kernelStderr)}`);
    this.name = 'KernelStartError';
  }
}

/** The kernel process exited while a request was outstanding. */
export class KernelDiedError extends ReportError {
  constructor(readonly exitCode: number | null, readonly signal: string | null, readonly kernelStderr: string) {
    super(`the tslab kernel exited (code ${exitCode}, signal ${signal})${tail(kernelStderr)}`);
    this.name = 'KernelDiedError';
  }
}

/** A cell ran longer than the per-cell time limit. */
export class CellTimeoutError extends ReportError {
  constructor(readonly timeoutMs: number, readonly code: string) {
    super(`a cell did not finish within ${timeoutMs} ms: ${firstLine(code)}`);
    this.name = 'CellTimeoutError';
  }
}

/** A message on the wire was malformed or carried a bad signature. */
export class ProtocolError extends ReportError {
  constructor(detail: string) {
    super(`Jupyter protocol error: ${detail}`);
    this.name = 'ProtocolError';
  }
}

/** A notebook file is not valid nbformat 4 JSON. */
export class NotebookFormatError extends ReportError {
  constructor(readonly path: string, detail: string) {
    super(`${path} is not an nbformat 4 notebook: ${detail}`);
    this.name = 'NotebookFormatError';
  }
}

function tail(stderr: string): string {
  const t = stderr.trim();
  return t ? `\n--- kernel stderr (last lines) ---\n${t.split('\n').slice(-20).join('\n')}` : '';
}

function firstLine(code: string): string {
  const line = code.trim().split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}
