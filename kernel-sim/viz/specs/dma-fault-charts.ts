/**
 * DMA-fault charts over the rows of `metrics/dma-faults.ts` (`DmaFaultTables`): faults per
 * device and reason over time, and faults lost to PFO, as bars per step bucket; one panel per
 * `variant` (audited, fixed) when the rows carry one, stacked vertically on one step axis, the
 * variant named in the panel's y title (not a facet header: the chart's title stays its only title). The rows are the tables' `objects()`,
 * optionally with a `variant` field added.
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import { VEGALITE_SCHEMA, countAxis, frame, inlineValues, readableConfig } from './common.js';
import type { FrameOptions } from './common.js';

/** A row of `DmaFaultTables.perDeviceAndReason(bucket)`. */
export interface FaultBucketRow {
  readonly bucket_start: number;
  readonly device: string;
  readonly reason_name: string;
  readonly faults: number;
  readonly outcome?: string;
  readonly variant?: string;
}

/** A row of `DmaFaultTables.lostToPfo(bucket)`. */
export interface PfoLossRow {
  readonly bucket_start: number;
  readonly unit: string;
  readonly lost: number;
  readonly variant?: string;
}

/** Options of the bucket charts. */
export interface BucketChartOptions<R> extends FrameOptions {
  readonly values: readonly R[];
  /** The bucket width in steps the rows were made with (each bar spans it). */
  readonly bucket: number;
  /** x axis title (default `step`). */
  readonly xTitle?: string;
  /** Variants to draw a panel for even when they have no rows (a run with nothing to show: an empty panel, not a missing one). */
  readonly variants?: readonly string[];
}

/** Faults per device and reason over time: stacked bars per bucket, one colour per device · reason. */
export function faultTimelineChart(options: BucketChartOptions<FaultBucketRow>): TopLevelSpec {
  return bucketBars(options, {
    value: 'faults', valueTitle: 'faults',
    color: { calculate: "datum.device + ' · ' + datum.reason_name", as: 'device_reason', title: 'device · reason' },
    tooltip: ['device', 'reason_name', 'faults'],
  });
}

/** Faults lost to PFO (the ring full, or PFO already set) per bucket, one colour per unit. */
export function faultsLostToPfoChart(options: BucketChartOptions<PfoLossRow>): TopLevelSpec {
  return bucketBars(options, {
    value: 'lost', valueTitle: 'faults lost to PFO',
    color: { calculate: 'datum.unit', as: 'unit_name', title: 'unit' },
    tooltip: ['unit', 'lost'],
  });
}

interface BucketLayout {
  readonly value: string;
  readonly valueTitle: string;
  readonly color: { readonly calculate: string; readonly as: string; readonly title: string };
  readonly tooltip: readonly string[];
}

// A zero row of `variant` at the first bucket: its panel is drawn, with no bar to see.
function emptyRow(values: readonly object[], l: BucketLayout, variant: string, at: number): object {
  const like = (values[0] ?? {}) as Record<string, unknown>;
  const row: Record<string, unknown> = { bucket_start: at, variant, [l.value]: 0 };
  for (const f of l.tooltip) if (f !== l.value) row[f] = typeof like[f] === 'string' ? like[f] : '';
  return row;
}

// Bars from bucket_start to bucket_start + bucket, stacked by colour; a panel per variant.
function bucketBars<R extends { readonly bucket_start: number; readonly variant?: string }>(options: BucketChartOptions<R>, l: BucketLayout): TopLevelSpec {
  if (!(options.bucket >= 1)) throw new RangeError(`bucket ${options.bucket} is not at least 1 step`);
  let lo = Infinity, hi = -Infinity;
  for (const r of options.values) { lo = Math.min(lo, r.bucket_start); hi = Math.max(hi, r.bucket_start + options.bucket); }
  if (lo > hi) { lo = 0; hi = options.bucket; }
  const present = new Set(options.values.map((r) => r.variant));
  const empty = (options.variants ?? []).filter((v) => !present.has(v));
  const values: readonly object[] = empty.length === 0 ? options.values : [...options.values, ...empty.map((variant) => emptyRow(options.values, l, variant, lo))];
  const variants = values.some((r) => (r as { variant?: string }).variant !== undefined);
  const starts = options.values.map((r) => ({ bucket_start: r.bucket_start }));
  const inner = {
    ...(options.width !== undefined ? { width: options.width } : {}),
    ...(options.height !== undefined ? { height: options.height } : {}),
    mark: { type: 'bar' },
    encoding: {
      // The axis spans the buckets exactly (vega's nice ticks would reach below step 0).
      x: { field: 'bucket_start', type: 'quantitative', title: options.xTitle ?? 'step', scale: { domain: [lo, hi], nice: false }, axis: countAxis(starts, 'bucket_start') },
      x2: { field: 'bucket_end' },
      y: { aggregate: 'sum', field: l.value, type: 'quantitative', title: l.valueTitle as string | string[], stack: 'zero', axis: { format: 'd' } },
      color: { field: l.color.as, type: 'nominal', title: l.color.title },
      tooltip: [
        { field: 'bucket_start', type: 'quantitative', title: 'from step' },
        ...(variants ? [{ field: 'variant', type: 'nominal' }] : []),
        ...l.tooltip.map((f) => (f === l.value ? { aggregate: 'sum', field: f, type: 'quantitative', title: l.valueTitle } : { field: f, type: 'nominal' })),
      ],
    },
  };
  const head = { $schema: VEGALITE_SCHEMA, ...(options.title !== undefined ? { title: options.title } : {}), config: readableConfig() };
  const data = { values: inlineValues(values) };
  const transform = [{ calculate: `datum.bucket_start + ${options.bucket}`, as: 'bucket_end' }, { calculate: l.color.calculate, as: l.color.as }];
  if (!variants) return { ...head, ...frame({ width: options.width, height: options.height }), data, transform, mark: inner.mark, encoding: inner.encoding } as TopLevelSpec;
  const names: string[] = [];
  for (const r of values as { variant?: string }[]) if (r.variant !== undefined && !names.includes(r.variant)) names.push(r.variant);
  const panels = names.map((v) => ({
    ...inner,
    transform: [{ filter: { field: 'variant', equal: v } }],
    encoding: { ...inner.encoding, y: { ...inner.encoding.y, title: [v, l.valueTitle] } },
  }));
  return { ...head, data, transform, vconcat: panels, resolve: { scale: { x: 'shared', y: 'independent', color: 'shared' } } } as TopLevelSpec;
}
