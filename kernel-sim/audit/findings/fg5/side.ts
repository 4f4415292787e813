/**
 * Helpers of the FG5 reproductions: run one side and catch a typed error as an observation.
 * @module
 */
import { KernelSimError } from '../../../util/errors.js';
import type { Observed, Reproduction } from '../types.js';
import type { FindingId } from '../../../bugs/index.js';

/** Runs `f`; a typed error becomes `{ error: <class> }` plus its message. */
export function side(f: () => Observed): Observed {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof KernelSimError)) throw e;
    return { error: e.constructor.name, message: e.message.slice(0, 200) };
  }
}

/** A reproduction from one side function run with `[id, ...extra]` (audited) and `extra` (fixed). */
export function sideBySide(id: FindingId, input: string, run: (bugs: string[]) => Observed, differs: (a: Observed, f: Observed) => boolean, summary: (a: Observed, f: Observed) => string, extra: string[] = []): Reproduction {
  return {
    id,
    input,
    run() {
      const audited = side(() => run([id, ...extra]));
      const fixed = side(() => run(extra));
      return { differs: differs(audited, fixed), summary: summary(audited, fixed), audited, fixed };
    },
  };
}
