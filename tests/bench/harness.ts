/**
 * Measuring for `npm run bench`: plain Node (run by tsx, outside vitest's module transform),
 * CPU time of the process (`process.cpuUsage`, user + system) per round, several rounds after a
 * warm-up, the median kept. Each figure is printed beside its target.
 */

/** One measured figure. */
export interface Figure {
  readonly group: string;
  readonly name: string;
  /** Operations per CPU second, seconds (`s`), milliseconds (`ms`), a ratio (`x`) or a count (`n`). */
  readonly value: number;
  readonly unit: 'ops/s' | 's' | 'ms' | 'x' | 'n';
  /** The goal: at least `min` (rates, ratios) or at most `max` (times). */
  readonly target?: { readonly min?: number; readonly max?: number; readonly note?: string };
}

/** CPU seconds `fn` takes. */
export function cpuSeconds(fn: () => void): number {
  const t0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1e6;
}

/** The median of `xs`. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Median rate of `fn`, which does `ops` operations per call: calls are repeated within a round
 * until it lasts at least `minRound` CPU seconds.
 */
export function rate(fn: () => void, ops: number, opts: { rounds?: number; warmup?: number; minRound?: number } = {}): number {
  const rounds = opts.rounds ?? 7;
  const minRound = opts.minRound ?? 0.05;
  for (let i = 0; i < (opts.warmup ?? 3); i++) fn();
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let calls = 0;
    let t = 0;
    while (t < minRound) {
      t += cpuSeconds(fn);
      calls++;
    }
    rates.push((calls * ops) / t);
  }
  return median(rates);
}

/**
 * Median rates of several functions measured interleaved (round r runs each once), so their
 * ratio is taken under the same machine load.
 */
export function interleavedRates(fns: readonly { fn: () => void; ops: number }[], rounds = 7): number[] {
  for (const f of fns) for (let i = 0; i < 3; i++) f.fn();
  const rates: number[][] = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((f, i) => {
      let calls = 0;
      let t = 0;
      while (t < 0.05) { t += cpuSeconds(f.fn); calls++; }
      rates[i]!.push((calls * f.ops) / t);
    });
  }
  return rates.map(median);
}

/** Median CPU seconds of `fn` over `rounds` calls (after `warmup` calls). */
export function seconds(fn: () => void, rounds = 5, warmup = 1): number {
  for (let i = 0; i < warmup; i++) fn();
  const ts: number[] = [];
  for (let r = 0; r < rounds; r++) ts.push(cpuSeconds(fn));
  return median(ts);
}

function fmt(f: Figure, v: number): string {
  if (f.unit === 's') return `${v.toFixed(3)} s`;
  if (f.unit === 'ms') return `${v.toFixed(3)} ms`;
  if (f.unit === 'x') return `${v.toFixed(2)}x`;
  if (f.unit === 'n') return Number.isNaN(v) ? 'incomplete' : String(v);
  return v >= 1e6 ? `${(v / 1e6).toFixed(2)} M/s` : `${(v / 1e3).toFixed(1)} K/s`;
}

/** True when the figure meets its target (or has none). */
export function meets(f: Figure): boolean {
  const t = f.target;
  if (!t) return true;
  return (t.min === undefined || f.value >= t.min) && (t.max === undefined || f.value <= t.max);
}

/** The table `npm run bench` prints. */
export function table(figures: readonly Figure[]): string {
  const rows = figures.map((f) => {
    const t = f.target;
    const target = !t ? '' : `${t.min !== undefined ? '>= ' + fmt(f, t.min) : ''}${t.max !== undefined ? '<= ' + fmt(f, t.max) : ''}${t.note ? ` (${t.note})` : ''}`;
    return [f.name, fmt(f, f.value), target, t ? (meets(f) ? 'ok' : 'MISSED') : ''];
  });
  const head = ['figure', 'measured', 'target', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `  ${r.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd();
  // Each group's name once, as a heading over its figures (names were cut to fit a column).
  const out = [line(head), line(widths.map((w) => '-'.repeat(w)))];
  figures.forEach((f, i) => {
    if (i === 0 || figures[i - 1]!.group !== f.group) out.push(f.group);
    out.push(line(rows[i]!));
  });
  return out.join('\n');
}
