import type { TopLevelSpec } from 'vega-lite';
import { REGION_COLORS } from '../region-colors.js';
import { addressLabelExpr } from './address-format.js';
import type { AddressFormat } from './address-format.js';
import { VEGALITE_SCHEMA, categoryScale, inlineValues, readableConfig, tooltipFor } from './common.js';
import type { FieldOf, FrameOptions } from './common.js';

/** Options of {@link addressStrip}. */
export interface AddressStripOptions<T extends object> extends FrameOptions {
  /** One object per region. Addresses as numbers (convert bigints; exact below 2^53). */
  values: readonly T[];
  /** Field holding the region's first address. */
  base: FieldOf<T>;
  /** Field holding the region's end address (exclusive). */
  end: FieldOf<T>;
  /** Field naming the row (e.g. the dataset or machine); rows keep data order. */
  row: FieldOf<T>;
  /** Field holding the category that picks the colour (e.g. the region type). */
  category: FieldOf<T>;
  /**
   * `linear` (default) or `symlog`: log-like, so the first MiB and a 1 TiB map share one
   * axis. On symlog a bar's width shrinks with its address: a 16 MiB hole at 4 GiB is
   * under a pixel, so chart such detail on a linear strip of that window.
   */
  scale?: 'linear' | 'symlog';
  /** Axis labels: `hex` (default) or binary sizes. */
  axisFormat?: AddressFormat;
  /** Fields shown on hover (default: row, category, base, end). Add hex strings for exact values. */
  tooltip?: readonly FieldOf<T>[];
  /** Category → colour (default {@link REGION_COLORS}). */
  colors?: Readonly<Record<string, string>>;
  /** Height of one row in pixels (default 22). */
  rowHeight?: number;
  /** Widest row label in pixels before it is cut with an ellipsis (default 260). */
  rowLabelLimit?: number;
  /** Axis titles. */
  rowTitle?: string;
  addressTitle?: string;
  categoryTitle?: string;
}

/**
 * A horizontal address-space strip: one bar per region from `base` to `end` along a
 * physical-address axis, one row per `row` value, coloured by `category`.
 */
export function addressStrip<T extends object>(options: AddressStripOptions<T>): TopLevelSpec {
  const { values, base, end, row, category } = options;
  const scaleType = options.scale ?? 'linear';
  const axisFormat = options.axisFormat ?? 'hex';
  const tooltipFields: readonly string[] = options.tooltip ?? [row, category, base, end];
  const spec: TopLevelSpec = {
    $schema: VEGALITE_SCHEMA,
    config: readableConfig(),
    data: { values: inlineValues(values) },
    mark: { type: 'bar' },
    width: options.width ?? 640,
    height: { step: options.rowHeight ?? 22 },
    encoding: {
      x: {
        field: base,
        type: 'quantitative',
        title: options.addressTitle ?? 'physical address',
        scale: scaleType === 'symlog' ? { type: 'symlog', nice: false } : { type: 'linear', nice: false, zero: false },
        axis: {
          labelExpr: addressLabelExpr(axisFormat),
          // Hex addresses are long: slant them so they fit between the (few, chosen) ticks.
          labelAngle: axisFormat === 'hex' ? -40 : 0,
          labelOverlap: axisFormat === 'hex' ? false : true,
          grid: true,
          // vega's ticks are decimal (and linear even on symlog): choose binary-aligned ones.
          values: scaleType === 'symlog' ? powerOf16Ticks(values, end) : binaryTicks(values, base, end),
        },
      },
      x2: { field: end },
      // Row names are dataset names: give them room rather than vega's 180 px default cut.
      y: { field: row, type: 'nominal', sort: null, title: options.rowTitle ?? null, axis: { labelLimit: options.rowLabelLimit ?? 260 } },
      color: {
        field: category,
        type: 'nominal',
        scale: categoryScale(values, category, options.colors ?? REGION_COLORS),
        legend: { title: options.categoryTitle ?? category },
      },
      tooltip: tooltipFor(values, tooltipFields),
    },
  };
  if (options.title !== undefined) spec.title = options.title;
  return spec;
}

/** Smallest and largest number in `fields` over `values` ([0, 0] when none). */
function extent(values: readonly object[], fields: readonly string[]): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const row of values) {
    for (const f of fields) {
      const v = (row as Record<string, unknown>)[f];
      if (typeof v !== 'number' || !isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min <= max ? [min, max] : [0, 0];
}

/** About `target` ticks at multiples of a power of two, so hex and KiB/MiB labels are round. */
function binaryTicks(values: readonly object[], base: string, end: string, target = 8): number[] {
  const [min, max] = extent(values, [base, end]);
  if (max <= min) return [min];
  const step = 2 ** Math.ceil(Math.log2((max - min) / target));
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max; t += step) ticks.push(t);
  return ticks;
}

/** 0, 4 KiB and the powers of 16 from 1 MiB up to the largest `end` in the data. */
function powerOf16Ticks(values: readonly object[], end: string): number[] {
  const max = extent(values, [end])[1];
  const ticks = [0, 0x1000];
  for (let t = 0x100000; t <= max; t *= 16) ticks.push(t);
  return ticks;
}
