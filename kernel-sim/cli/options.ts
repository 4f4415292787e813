/** Option values the commands share, parsed with typed errors. */
import { KernelSimError } from '../util/errors.js';

/** A command-line value that is not one the option takes. */
export class OptionValueError extends KernelSimError {}

/** `--param cpus=4` pairs as numbers. */
export function parseParams(pairs: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of pairs) {
    const m = /^([a-z][a-z0-9-]*)=(-?\d+)$/i.exec(p);
    if (!m) throw new OptionValueError(`--param ${JSON.stringify(p)} is not NAME=INTEGER`);
    out[m[1]!] = Number(m[2]);
  }
  return out;
}

/** The integer value of option `name`, or a typed error. */
export function intOption(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min) throw new OptionValueError(`--${name} ${JSON.stringify(v)} is not an integer >= ${min}`);
  return Number(v);
}
