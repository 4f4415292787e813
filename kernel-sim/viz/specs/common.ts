/**
 * Shared pieces of the spec builders: field typing, tooltips, titles and sizes.
 *
 * Builders take data as `values`, an array of plain objects. JSON carries the spec to the
 * notebook, so values must be JSON-safe: convert bigints first (Number(x) for addresses and
 * counts below 2^53, or a hex string for labels).
 */

/** vega-lite's measurement types. */
export type FieldType = 'quantitative' | 'ordinal' | 'nominal' | 'temporal';

/** A field name of the row type `T`. */
export type FieldOf<T> = Extract<keyof T, string>;

/** The vega-lite schema URL (identifies the spec version; nothing fetches it). */
export const VEGALITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** Title and size options common to every builder. */
export interface FrameOptions {
  /** Chart title. */
  title?: string;
  /** Plot width in pixels. */
  width?: number;
  /** Plot height in pixels (ignored where a builder sizes rows itself). */
  height?: number;
}

/** `quantitative` when every present value of `field` is a number, else `nominal`. */
export function inferFieldType(values: readonly object[], field: string): FieldType {
  let seen = false;
  for (const row of values) {
    const v = (row as Record<string, unknown>)[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number') return 'nominal';
    seen = true;
  }
  return seen ? 'quantitative' : 'nominal';
}

/** Tooltip channel definitions for `fields`, typed from the data. */
export function tooltipFor(values: readonly object[], fields: readonly string[]): { field: string; type: FieldType }[] {
  return fields.map((field) => ({ field, type: inferFieldType(values, field) }));
}

/**
 * Text sizes every builder sets, so a chart read at its natural size (the offline report,
 * JupyterLab at 100 %) has 12 px labels, and long names are not cut (vega's defaults: 10 px,
 * labels cut at 180 px, legend entries at 160 px).
 */
export const READABLE_CONFIG = {
  title: { fontSize: 15, subtitleFontSize: 12 },
  axis: { labelFontSize: 12, titleFontSize: 13, labelLimit: 320 },
  legend: { labelFontSize: 12, titleFontSize: 13, labelLimit: 320, symbolSize: 120 },
  text: { fontSize: 12 },
} as const;

/** The config of every builder's spec: {@link READABLE_CONFIG} (a copy, specs are mutable). */
export function readableConfig(): Record<string, unknown> {
  return JSON.parse(JSON.stringify(READABLE_CONFIG)) as Record<string, unknown>;
}

/** Largest span of a count axis that gets a tick at every whole number. */
const SHORT_COUNT_SPAN = 12;

/**
 * `spec` with {@link READABLE_CONFIG} under its own config (its own settings win, key by key), so a
 * hand-written spec shown in a notebook reads as well as a builder's.
 */
export function withReadableConfig<S extends object>(spec: S): S {
  const own = ((spec as { config?: Record<string, unknown> }).config ?? {}) as Record<string, unknown>;
  const config: Record<string, unknown> = readableConfig();
  for (const [key, value] of Object.entries(own)) {
    const base = config[key];
    config[key] = base && typeof base === 'object' && value && typeof value === 'object' && !Array.isArray(value) ? { ...base, ...value } : value;
  }
  return { ...spec, config };
}

/** True when every present value of `field` is a whole number (a count: 2.5 CPUs means nothing). */
export function isIntegerField(values: readonly object[], field: string): boolean {
  let seen = false;
  for (const row of values) {
    const v = (row as Record<string, unknown>)[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number' || !Number.isInteger(v)) return false;
    seen = true;
  }
  return seen;
}

/**
 * Axis properties for a quantitative `field` on a linear scale: whole-number ticks when the
 * field holds counts, nothing otherwise (log scales tick at powers of ten already).
 */
export function countAxis(values: readonly object[], field: string, scale = 'linear'): { format?: string; labelExpr?: string; values?: number[] } {
  if (scale !== 'linear' || !isIntegerField(values, field)) return {};
  // vega-lite 5.23 drops an explicit tickMinStep but derives tickMinStep 1 from format 'd';
  // the label expression puts the thousands separators back.
  const axis: { format: string; labelExpr: string; values?: number[] } = { format: 'd', labelExpr: "format(datum.value, ',d')" };
  // vega still ticks 0.5 on a span of 1: over a short span, tick every whole number.
  let min = Infinity;
  let max = -Infinity;
  for (const row of values) {
    const v = (row as Record<string, unknown>)[field];
    if (typeof v !== 'number') continue;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  if (max - min <= SHORT_COUNT_SPAN) {
    axis.values = [];
    for (let t = Math.min(min, 0); t <= max; t++) axis.values.push(t);
  }
  return axis;
}
/** The title/width/height properties of a spec, leaving out what was not given. */
export function frame(options: FrameOptions): { title?: string; width?: number; height?: number } {
  const out: { title?: string; width?: number; height?: number } = {};
  if (options.title !== undefined) out.title = options.title;
  if (options.width !== undefined) out.width = options.width;
  if (options.height !== undefined) out.height = options.height;
  return out;
}

/** A mutable copy of the rows, as vega-lite's `values` type wants. */
export function inlineValues(values: readonly object[]): object[] {
  return values.slice();
}

/**
 * A colour scale for the categories present in `values`: known ones in `colors` order with
 * their colour, unknown ones after them in grey, so charts of the same data agree.
 */
export function categoryScale(
  values: readonly object[],
  field: string,
  colors: Readonly<Record<string, string>>,
): { domain: string[]; range: string[] } {
  const present = new Set<string>();
  for (const row of values) {
    const v = (row as Record<string, unknown>)[field];
    if (v !== undefined && v !== null) present.add(String(v));
  }
  const known = Object.keys(colors).filter((k) => present.has(k));
  const unknown = Array.from(present).filter((k) => !(k in colors)).sort();
  const domain = known.concat(unknown);
  return { domain, range: domain.map((k) => colors[k] ?? '#666666') };
}
