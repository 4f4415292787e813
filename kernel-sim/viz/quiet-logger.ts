import type { LoggerInterface } from 'vega';
import { messageOf } from './errors.js';

/**
 * A vega / vega-lite logger that writes nothing to the console.
 *
 * In a notebook anything on stderr lands in the cell's output and is read as a failure,
 * so warnings go to an optional callback and errors are kept for the caller to raise.
 */
export class QuietLogger implements LoggerInterface {
  /** Errors reported through the logger, in order. */
  readonly errors: string[] = [];
  private current = 0;

  constructor(private readonly onWarning?: (message: string) => void) {}

  level(_: number): this;
  level(): number;
  level(l?: number): this | number {
    if (l === undefined) return this.current;
    this.current = l;
    return this;
  }

  error(...args: readonly unknown[]): this {
    this.errors.push(join(args));
    return this;
  }

  warn(...args: readonly unknown[]): this {
    if (this.onWarning) this.onWarning(join(args));
    return this;
  }

  info(): this {
    return this;
  }

  debug(): this {
    return this;
  }
}

function join(args: readonly unknown[]): string {
  return args.map((a) => (typeof a === 'string' ? a : messageOf(a))).join(' ');
}
