import type { TopLevelSpec } from 'vega-lite';
import { VEGALITE_SCHEMA, categoryScale, countAxis, frame, inlineValues, readableConfig, tooltipFor } from './common.js';
import type { FieldOf, FieldType, FrameOptions } from './common.js';

/** Options of {@link lineChart}. */
export interface LineChartOptions<T extends object> extends FrameOptions {
  /** One object per point. */
  values: readonly T[];
  /** Field along x (e.g. a step or a simulated cycle count). */
  x: FieldOf<T>;
  /** Numeric field along y. */
  y: FieldOf<T>;
  /** Optional field splitting the data into one coloured line per value. */
  series?: FieldOf<T>;
  /** Series → colour; default vega's scheme. */
  colors?: Readonly<Record<string, string>>;
  /** Measurement type of x (default quantitative). */
  xType?: FieldType;
  /** x scale type when x is quantitative (default linear). */
  xScale?: 'linear' | 'log' | 'symlog';
  /** y scale type (default linear). */
  yScale?: 'linear' | 'log' | 'symlog';
  /** Draw a dot on every point. */
  points?: boolean;
  /** Axis titles. */
  xTitle?: string;
  yTitle?: string;
  /** Fields shown on hover (default: x, y, series). */
  tooltip?: readonly FieldOf<T>[];
}

/** A line chart of `y` over `x`, one line per `series` value. */
export function lineChart<T extends object>(options: LineChartOptions<T>): TopLevelSpec {
  const { values, x, y, series } = options;
  const xType = options.xType ?? 'quantitative';
  const fields: string[] = [x, y];
  if (series) fields.push(series);
  const encoding: Record<string, unknown> = {
    x: {
      field: x,
      type: xType,
      title: options.xTitle ?? x,
      ...(options.xScale ? { scale: { type: options.xScale } } : {}),
      // Counts (CPUs, pages, steps) get whole-number ticks: an axis at 2.5 CPUs misleads.
      ...(xType === 'quantitative' ? { axis: countAxis(values, x, options.xScale ?? 'linear') } : {}),
    },
    y: {
      field: y,
      type: 'quantitative',
      title: options.yTitle ?? y,
      scale: { type: options.yScale ?? 'linear' },
      axis: countAxis(values, y, options.yScale ?? 'linear'),
    },
    tooltip: tooltipFor(values, options.tooltip ?? fields),
  };
  if (series) {
    encoding.color = {
      field: series,
      type: 'nominal',
      ...(options.colors ? { scale: categoryScale(values, series, options.colors) } : {}),
    };
  }
  return {
    $schema: VEGALITE_SCHEMA,
    ...frame(options),
    config: readableConfig(),
    data: { values: inlineValues(values) },
    mark: { type: 'line', point: options.points ?? false },
    encoding,
  } as TopLevelSpec;
}
