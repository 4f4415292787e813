import type { TopLevelSpec } from 'vega-lite';
import { VEGALITE_SCHEMA, categoryScale, countAxis, frame, inferFieldType, inlineValues, readableConfig, tooltipFor } from './common.js';
import type { FieldOf, FieldType, FrameOptions } from './common.js';

/** Options of {@link barChart}. */
export interface BarChartOptions<T extends object> extends FrameOptions {
  /**
   * One object per bar (or bar segment when `color` stacks). A row whose `value` is null,
   * missing or not finite (a run that panicked) is drawn as a cross at the axis start with
   * its `note`, never as a bar of length 0.
   */
  values: readonly T[];
  /** Field naming the bar (the band axis). */
  category: FieldOf<T>;
  /** Numeric field giving the bar length. */
  value: FieldOf<T>;
  /** Optional field splitting each bar into coloured, stacked segments. */
  color?: FieldOf<T>;
  /**
   * Optional field putting several bars side by side in each category (e.g. audited and
   * fixed), coloured by it unless `color` is given. Not stacked.
   */
  group?: FieldOf<T>;
  /** Category → colour for `color` or `group` (e.g. REGION_COLORS); default vega's scheme. */
  colors?: Readonly<Record<string, string>>;
  /** Bars along x (default false: vertical bars). */
  horizontal?: boolean;
  /** `normalize` stacks to 100 %; default stacks absolute values. */
  stack?: 'zero' | 'normalize';
  /**
   * `log` when one bar would flatten the others (a 1 TiB map beside 128 MiB ones). Bars start
   * at the axis minimum and are not stacked; values must be positive.
   */
  valueScale?: 'linear' | 'log';
  /** Category order: by value or as in the data (default). */
  sort?: 'ascending' | 'descending' | 'data';
  /** Measurement type of `category` (default inferred: numbers are ordinal, else nominal). */
  categoryType?: Exclude<FieldType, 'quantitative'>;
  /** Field holding the text shown beside a row that has no value (default: {@link missingLabel}). */
  note?: FieldOf<T>;
  /** Text beside a row with no value when there is no `note` field (default `no value`). */
  missingLabel?: string;
  /** Axis titles. */
  categoryTitle?: string;
  valueTitle?: string;
  /** Fields shown on hover (default: category, value, color, group, note). */
  tooltip?: readonly FieldOf<T>[];
}

/** Colour of the cross and text drawn for a row without a value. */
export const MISSING_VALUE_COLOR = '#B2182B';

/**
 * A bar chart of `value` per `category`, optionally stacked by `color` or side by side by
 * `group`, on a linear or log value axis. Rows without a value get a cross and a note.
 */
export function barChart<T extends object>(options: BarChartOptions<T>): TopLevelSpec {
  const { values, category, value } = options;
  const categoryType =
    options.categoryType ?? (inferFieldType(values, category) === 'quantitative' ? 'ordinal' : 'nominal');
  const sort = options.sort === 'ascending' ? 'x' : options.sort === 'descending' ? '-x' : null;
  const log = options.valueScale === 'log';
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
    // A log axis has no zero to stack from; vega-lite then starts each bar at the axis minimum.
    stack: log || options.group ? null : (options.stack ?? 'zero'),
    ...(log ? { scale: { type: 'log' as const } } : {}),
    axis: countAxis(values, value, log ? 'log' : 'linear'),
  };
  const fields: string[] = [category, value];
  if (options.color) fields.push(options.color);
  if (options.group) fields.push(options.group);
  if (options.note) fields.push(options.note);
  const [bandChannel, measureChannel] = options.horizontal ? ['y', 'x'] : ['x', 'y'];
  const shared: Record<string, unknown> = { [bandChannel]: band };
  if (options.group) shared[`${bandChannel}Offset`] = { field: options.group, type: 'nominal' };
  const barEncoding: Record<string, unknown> = {
    ...shared,
    [measureChannel]: measure,
    tooltip: tooltipFor(values, options.tooltip ?? fields),
  };
  const colorField = options.color ?? options.group;
  if (colorField) {
    barEncoding.color = {
      field: colorField,
      type: 'nominal',
      ...(options.colors ? { scale: categoryScale(values, colorField, options.colors) } : {}),
    };
  }
  const valid = `isValid(datum[${JSON.stringify(value)}]) && isFinite(datum[${JSON.stringify(value)}])`;
  const missing = values.some((row) => !isFiniteNumber((row as Record<string, unknown>)[value]));
  // A plain bar spec unless some row needs its cross and note.
  const marks = missing
    ? { layer: [{ transform: [{ filter: valid }], mark: { type: 'bar' }, encoding: barEncoding }, ...missingLayers(options, shared, valid, measureChannel)] }
    : { mark: { type: 'bar' }, encoding: barEncoding };
  const size: Record<string, unknown> = frame(options);
  // Side-by-side bars: size each bar, not each category, unless a size was given.
  const bandSize = options.horizontal ? 'height' : 'width';
  if (options.group && size[bandSize] === undefined) size[bandSize] = { step: 13, for: 'offset' };
  return {
    $schema: VEGALITE_SCHEMA,
    ...size,
    config: readableConfig(),
    data: { values: inlineValues(values) },
    ...marks,
  } as TopLevelSpec;
}

function isFiniteNumber(v: unknown): boolean {
  return typeof v === 'number' && isFinite(v);
}

/** A cross at the value axis' start and the row's note, for rows without a value. */
function missingLayers<T extends object>(
  options: BarChartOptions<T>,
  shared: Record<string, unknown>,
  valid: string,
  measureChannel: string,
): object[] {
  const transform = [{ filter: `!(${valid})` }];
  // Pixel 0 of x is the axis start; for vertical bars the start is the bottom (the height).
  const start = measureChannel === 'x' ? { value: 0 } : { value: { expr: 'height' } };
  const text = options.note ? { field: options.note } : { value: options.missingLabel ?? 'no value' };
  const tooltip = tooltipFor(options.values, options.tooltip ?? [options.category, ...(options.group ? [options.group] : []), ...(options.note ? [options.note] : [])]);
  return [
    {
      transform,
      mark: { type: 'point', shape: 'cross', filled: true, size: 110, color: MISSING_VALUE_COLOR },
      encoding: { ...shared, [measureChannel]: start, tooltip },
    },
    {
      transform,
      mark: {
        type: 'text',
        color: MISSING_VALUE_COLOR,
        align: measureChannel === 'x' ? 'left' : 'center',
        baseline: 'middle',
        ...(measureChannel === 'x' ? { dx: 9 } : { dy: -12 }),
      },
      encoding: { ...shared, [measureChannel]: start, text },
    },
  ];
}
