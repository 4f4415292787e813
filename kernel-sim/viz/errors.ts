/**
 * Typed errors raised by the chart helpers, so callers and notebooks can tell a bad
 * specification from a rendering failure.
 */
import { KernelSimError } from '../util/errors.js';

/** Base class of every error thrown from `kernel-sim/viz`. */
export class VizError extends KernelSimError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message);
    this.name = 'VizError';
    if (options && options.cause !== undefined) {
      // Assigned by hand: `super(message, { cause })` needs lib es2022.error, which tslab may lack.
      (this as { cause?: unknown }).cause = options.cause;
    }
  }
}

/** vega-lite rejected the specification; `message` carries vega-lite's own message. */
export class SpecCompileError extends VizError {
  constructor(readonly detail: string, options?: { cause?: unknown }) {
    super(`vega-lite could not compile the specification: ${detail}`, options);
    this.name = 'SpecCompileError';
  }
}

/** The compiled vega specification failed while parsing or rendering to SVG. */
export class ChartRenderError extends VizError {
  constructor(readonly detail: string, options?: { cause?: unknown }) {
    super(`vega could not render the chart: ${detail}`, options);
    this.name = 'ChartRenderError';
  }
}

/** Data handed to a chart holds a value JSON cannot carry (a bigint), at `path`. */
export class UnsupportedValueError extends VizError {
  constructor(readonly path: string, readonly valueType: string) {
    super(
      `chart data holds a ${valueType} at ${path}; convert it first ` +
        `(e.g. Number(x) for addresses below 2^53, or x.toString(16) for a label)`,
    );
    this.name = 'UnsupportedValueError';
  }
}

/** Message of an unknown thrown value, for wrapping it in a typed error. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
