import type { TopLevelSpec } from 'vega-lite';
import { VEGALITE_SCHEMA, categoryScale, frame, inferFieldType, inlineValues, tooltipFor } from './common.js';
import type { FieldOf, FieldType, FrameOptions } from './common.js';

/** Options of {@link barChart}. */
export interface BarChartOptions<T extends object> extends FrameOptions {
  /** One object per bar (or bar segment when `color` stacks). */
  values: readonly T[];
  /** Field naming the bar (the band axis). */
  category: FieldOf<T>;
  /** Numeric field giving the bar length. */
  value: FieldOf<T>;
  /** Optional field splitting each bar into coloured, stacked segments. */
  color?: FieldOf<T>;
  /** Category → colour for `color` (e.g. REGION_COLORS); default vega's scheme. */
  colors?: Readonly<Record<string, string>>;
  /** Bars along x (default false: vertical bars). */
  horizontal?: boolean;
  /** `normalize` stacks to 100 %; default stacks absolute values. */
  stack?: 'zero' | 'normalize';
  /** Category order: by value or as in the data (default). */
  sort?: 'ascending' | 'descending' | 'data';
  /** Measurement type of `category` (default inferred: numbers are ordinal, else nominal). */
  categoryType?: Exclude<FieldType, 'quantitative'>;
  /** Axis titles. */
  categoryTitle?: string;
  valueTitle?: string;
  /** Fields shown on hover (default: category, value, color). */
  tooltip?: readonly FieldOf<T>[];
}

/** A bar chart of `value` per `category`, optionally stacked by `color`. */
export function barChart<T extends object>(options: BarChartOptions<T>): TopLevelSpec {
  const { values, category, value } = options;
  const categoryType =
    options.categoryType ?? (inferFieldType(values, category) === 'quantitative' ? 'ordinal' : 'nominal');
  const sort = options.sort === 'ascending' ? 'x' : options.sort === 'descending' ? '-x' : null;
  const band = {
    field: category,
    type: categoryType,
    title: options.categoryTitle ?? category,
    sort: sort === null ? null : options.horizontal ? sort : sort.replace('x', 'y'),
  };
  const measure = {
    field: value,
    type: 'quantitative' as const,
    title: options.valueTitle ?? value,
    stack: options.stack ?? 'zero',
  };
  const fields: string[] = [category, value];
  if (options.color) fields.push(options.color);
  const encoding: Record<string, unknown> = {
    x: options.horizontal ? measure : band,
    y: options.horizontal ? band : measure,
    tooltip: tooltipFor(values, options.tooltip ?? fields),
  };
  if (options.color) {
    encoding.color = {
      field: options.color,
      type: 'nominal',
      ...(options.colors ? { scale: categoryScale(values, options.color, options.colors) } : {}),
    };
  }
  return {
    $schema: VEGALITE_SCHEMA,
    ...frame(options),
    data: { values: inlineValues(values) },
    mark: { type: 'bar' },
    encoding,
  } as TopLevelSpec;
}
