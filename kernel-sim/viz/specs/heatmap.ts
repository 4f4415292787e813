import type { TopLevelSpec } from 'vega-lite';
import { VEGALITE_SCHEMA, frame, inferFieldType, inlineValues, readableConfig, tooltipFor } from './common.js';
import type { FieldOf, FieldType, FrameOptions } from './common.js';

/** Options of {@link heatmap}. */
export interface HeatmapOptions<T extends object> extends FrameOptions {
  /** One object per cell. */
  values: readonly T[];
  /** Field of the column (x) position. */
  x: FieldOf<T>;
  /** Field of the row (y) position. */
  y: FieldOf<T>;
  /** Numeric field giving the cell colour. */
  value: FieldOf<T>;
  /** Measurement types of x and y (default ordinal: one cell per distinct value). */
  xType?: Exclude<FieldType, 'quantitative'>;
  yType?: Exclude<FieldType, 'quantitative'>;
  /** vega colour scheme name (default `viridis`). */
  scheme?: string;
  /** Colour scale type; `symlog` keeps counts spanning decades readable. */
  scale?: 'linear' | 'symlog';
  /** Axis and legend titles. */
  xTitle?: string;
  yTitle?: string;
  valueTitle?: string;
  /** Fields shown on hover (default: x, y, value). */
  tooltip?: readonly FieldOf<T>[];
}

/** A heatmap: a rectangle per (x, y) cell coloured by `value`. */
export function heatmap<T extends object>(options: HeatmapOptions<T>): TopLevelSpec {
  const { values, x, y, value } = options;
  const band = (field: string, type: FieldType | undefined, title: string | undefined) => ({
    field,
    type: type ?? (inferFieldType(values, field) === 'quantitative' ? ('ordinal' as const) : ('nominal' as const)),
    title: title ?? field,
  });
  return {
    $schema: VEGALITE_SCHEMA,
    ...frame(options),
    config: readableConfig(),
    data: { values: inlineValues(values) },
    mark: { type: 'rect' },
    encoding: {
      x: band(x, options.xType, options.xTitle),
      y: band(y, options.yType, options.yTitle),
      color: {
        field: value,
        type: 'quantitative',
        title: options.valueTitle ?? value,
        scale: { scheme: options.scheme ?? 'viridis', type: options.scale ?? 'linear' },
      },
      tooltip: tooltipFor(values, options.tooltip ?? [x, y, value]),
    },
  } as TopLevelSpec;
}
