/**
 * Shared by the FG5 reproductions: the malicious device's address, fault counts, byte fills,
 * and the audited / fixed pair of one observation.
 * @module
 */
import type { FindingId } from '../../../bugs/index.js';
import type { DmaEnv } from '../../../kernel/index.js';
import type { Observed, Reproduction } from '../types.js';

/** The malicious device of `dmaEnv`'s default devices. */
export const EVIL = '00:1f.7';

/** `n` bytes of 0xff. */
export const ff = (n: number): Uint8Array => new Uint8Array(n).fill(0xff);

/** Fault records the kernel's handlers processed, over every unit. */
export const faultsHandled = (env: DmaEnv): number => env.remapping!.units.reduce((n, u) => n + u.fault.handled.length, 0);

/**
 * A reproduction from one observation run with the finding switched on (audited) and off
 * (fixed); `differs` says whether the pair shows the finding.
 */
export function pairReproduction(id: FindingId, input: string, side: (bugs: string[]) => Observed, differs: (audited: Observed, fixed: Observed) => boolean, summary: (audited: Observed, fixed: Observed) => string): Reproduction {
  return {
    id,
    input,
    run() {
      const audited = side([id]);
      const fixed = side([]);
      return { differs: differs(audited, fixed), summary: summary(audited, fixed), audited, fixed };
    },
  };
}
