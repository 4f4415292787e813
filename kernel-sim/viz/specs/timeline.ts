import type { TopLevelSpec } from 'vega-lite';
import { VEGALITE_SCHEMA, frame, inlineValues, tooltipFor } from './common.js';
import type { FieldOf, FrameOptions } from './common.js';

/** Options of {@link timelineChart}. */
export interface TimelineOptions<T extends object> extends FrameOptions {
  /** One object per event. */
  values: readonly T[];
  /** Numeric field of the event's step (x); each event fills [step, step + 1). */
  step: FieldOf<T>;
  /** Field naming the lane (y), e.g. `cpu 0`. */
  lane: FieldOf<T>;
  /** Field colouring the event, e.g. the thread or handler that ran. */
  color: FieldOf<T>;
  /** Field whose value is printed in the event's cell, e.g. the event kind. */
  label?: FieldOf<T>;
  /** Fields shown on hover (default: step, lane, color, label). */
  tooltip?: readonly FieldOf<T>[];
  /** Pixels per step (default 34). */
  stepWidth?: number;
}

/**
 * A per-lane timeline: one cell per event from `step` to `step + 1` on its lane, coloured by
 * who ran, with an optional label in the cell. Suited to replayed schedules (a lane per CPU).
 */
export function timelineChart<T extends object>(options: TimelineOptions<T>): TopLevelSpec {
  const { values, step, lane, color, label } = options;
  const steps = new Set(values.map((v) => (v as Record<string, unknown>)[step])).size;
  const fields: string[] = [step, lane, color];
  if (label) fields.push(label);
  const x = { field: step, type: 'quantitative' as const, title: 'step', axis: { tickMinStep: 1, format: 'd' } };
  const y = { field: lane, type: 'nominal' as const, title: null, sort: 'ascending' as const };
  const cells = {
    mark: { type: 'rect' as const, stroke: 'white', strokeWidth: 1 },
    encoding: {
      x,
      x2: { field: 'stepEnd' },
      y,
      color: { field: color, type: 'nominal' as const, title: color },
      tooltip: tooltipFor(values, options.tooltip ?? fields),
    },
  };
  const layers: object[] = [cells];
  if (label) {
    layers.push({
      mark: { type: 'text' as const, fontSize: 9, angle: -90, color: 'black' },
      encoding: { x: { field: 'stepMid', type: 'quantitative' as const }, y, text: { field: label } },
    });
  }
  return {
    $schema: VEGALITE_SCHEMA,
    ...frame({ ...options, width: options.width ?? Math.max(240, steps * (options.stepWidth ?? 34)) }),
    data: { values: inlineValues(values) },
    transform: [
      { calculate: `datum['${step}'] + 1`, as: 'stepEnd' },
      { calculate: `datum['${step}'] + 0.5`, as: 'stepMid' },
    ],
    layer: layers,
  } as TopLevelSpec;
}
