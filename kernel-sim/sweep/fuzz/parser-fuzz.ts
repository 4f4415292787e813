/**
 * Parser fuzzing in seeded batches: each input is a real capture (the Multiboot2 structures
 * of datasets/mbi, the boot logs of datasets/e820) with seeded mutations applied. A parser
 * passes an input when it either accepts it (Multiboot2: and building the parsed structure
 * gives back the same bytes) or refuses it with its typed error pointing inside the input
 * (byte offset, line). Anything else (another exception, an offset outside the data, a lossy
 * round trip) is a crash, recorded with what reproduces it: seed, batch, index.
 * @module
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildMultiboot2, E820ParseError, listDatasets, MultibootError, parseE820, parseMultiboot2 } from '../../boot/index.js';
import { SeededRng } from '../../util/seeded-rng.js';
import type { FuzzParser } from '../plan/job.js';
import { shardSeed } from '../plan/job.js';
import { applyMutations, drawMutations } from './mutate.js';

/** What a batch came to. */
export interface FuzzFigures {
  readonly inputs: number;
  /** Inputs the parser accepted. */
  readonly accepted: number;
  /** Inputs refused with the parser's typed error. */
  readonly refused: number;
  readonly crashes: number;
  /** `seed/batch/index` of the first crash, or null. */
  readonly firstCrash: string | null;
  /** What the first crash was. */
  readonly firstCrashError: string | null;
}


const decoder = new TextDecoder();

function checkMultiboot2(data: Uint8Array): FuzzVerdict {
  try {
    const info = parseMultiboot2(data);
    const back = buildMultiboot2(info);
    if (back.length !== data.length || !Buffer.from(back).equals(Buffer.from(data))) return 'parsed, but building it back gives other bytes';
    return 'accepted';
  } catch (e) {
    if (!(e instanceof MultibootError)) return `${(e as Error)?.name ?? typeof e}: ${(e as Error)?.message ?? String(e)}`;
    if (!(e.offset >= 0 && e.offset <= data.length)) return `MultibootError offset ${e.offset} outside the ${data.length} bytes`;
    return null;
  }
}

function checkE820(data: Uint8Array): FuzzVerdict {
  const text = decoder.decode(data);
  try {
    const entries = parseE820(text);
    for (const en of entries) if (en.length <= 0n) return `entry of line ${en.line} has length ${en.length}`;
    return 'accepted';
  } catch (e) {
    if (!(e instanceof E820ParseError)) return `${(e as Error)?.name ?? typeof e}: ${(e as Error)?.message ?? String(e)}`;
    const lines = text.split(/\r?\n/).length;
    if (!(e.line >= 1 && e.line <= lines)) return `E820ParseError line ${e.line} outside the ${lines} lines`;
    return null;
  }
}

const corpora = new Map<string, Uint8Array[]>();

/** The real inputs a parser's mutants start from (read once per process). */
export function fuzzCorpus(parser: FuzzParser, root: string): Uint8Array[] {
  const key = `${parser}:${root}`;
  let c = corpora.get(key);
  if (!c) {
    const kind = parser === 'multiboot2' ? 'mbi' : 'e820';
    c = listDatasets(resolve(root, 'datasets')).filter((d) => d.kind === kind).map((d) => new Uint8Array(readFileSync(d.path)));
    corpora.set(key, c);
  }
  return c;
}

/** How a parser met one input: accepted, refused with its typed error (null), or a crash (why). */
export type FuzzVerdict = 'accepted' | null | string;

/** The built-in checks: each parser with its own notion of a correct refusal. */
export const PARSER_CHECKS: Readonly<Record<FuzzParser, (data: Uint8Array) => FuzzVerdict>> = { multiboot2: checkMultiboot2, e820: checkE820 };

/** Options of {@link fuzzInputs}. */
export interface FuzzBatchOptions {
  readonly seed: number;
  readonly batch: number;
  readonly inputs: number;
  readonly maxMutations: number;
  /** Multiboot2: half the inputs get their total_size fixed to their length. */
  readonly fixTotalSize?: boolean;
}

/** Feeds `opts.inputs` seeded mutants of `corpus` to `check` and counts the verdicts. */
export function fuzzInputs(corpus: readonly Uint8Array[], check: (data: Uint8Array) => FuzzVerdict, opts: FuzzBatchOptions): FuzzFigures {
  const rng = new SeededRng(shardSeed(opts.seed, opts.batch));
  let accepted = 0;
  let refused = 0;
  let crashes = 0;
  let firstCrash: string | null = null;
  let firstCrashError: string | null = null;
  for (let i = 0; i < opts.inputs; i++) {
    const base = corpus[rng.below(corpus.length)]!;
    const data = applyMutations(base, drawMutations(rng, opts.maxMutations));
    // Half the inputs keep total_size consistent, so the parser goes past the header checks.
    if (opts.fixTotalSize && rng.below(2) === 0 && data.length >= 8) new DataView(data.buffer, data.byteOffset, data.length).setUint32(0, data.length, true);
    const verdict = check(data);
    if (verdict === 'accepted') accepted++;
    else if (verdict === null) refused++;
    else {
      crashes++;
      if (firstCrash === null) {
        firstCrash = `${opts.seed}/${opts.batch}/${i}`;
        firstCrashError = verdict;
      }
    }
  }
  return { inputs: opts.inputs, accepted, refused, crashes, firstCrash, firstCrashError };
}

/** Runs batch `batch` of a campaign seeded `seed`: `inputs` mutants of the real corpus through `parser`. */
export function fuzzBatch(parser: FuzzParser, seed: number, batch: number, inputs: number, maxMutations: number, root: string): FuzzFigures {
  return fuzzInputs(fuzzCorpus(parser, root), PARSER_CHECKS[parser], { seed, batch, inputs, maxMutations, fixTotalSize: parser === 'multiboot2' });
}
