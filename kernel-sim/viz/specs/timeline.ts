import type { TopLevelSpec } from 'vega-lite';
import { VEGALITE_SCHEMA, READABLE_CONFIG, frame, inlineValues, readableConfig, tooltipFor } from './common.js';
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
  /** Legend entry for events whose `color` is empty (e.g. the run's own verdict); default `(none)`. */
  emptyLabel?: string;
  /** Field whose value is printed in the event's cell, e.g. the event kind. */
  label?: FieldOf<T>;
  /** Fields shown on hover (default: step, lane, color, label). */
  tooltip?: readonly FieldOf<T>[];
  /** Pixels per step (default: wide enough for the longest label, at least 34). */
  stepWidth?: number;
}

/** Widest plot that keeps labels horizontal; longer runs turn them upright in taller lanes. */
const MAX_HORIZONTAL_WIDTH = 720;
/** Average glyph width of the label font, in pixels (vega measures text only in a browser). */
const GLYPH_PX = 0.6 * READABLE_CONFIG.text.fontSize;
/** Narrowest slot an upright 12 px label fits in. */
const UPRIGHT_SLOT_PX = 30;

/** Fields the chart adds to each row: the event's slot within its step. */
interface Slot {
  slotStart: number;
  slotEnd: number;
  slotMid: number;
}

/**
 * Each row with its slot: events sharing a lane and a step (an interrupt entered and its
 * handler started) split the step evenly, in data order, instead of drawing over each other.
 */
function withSlots(values: readonly object[], step: string, lane: string): { rows: (object & Slot)[]; perStep: number } {
  const groups = new Map<string, number[]>();
  values.forEach((v, i) => {
    const r = v as Record<string, unknown>;
    const key = JSON.stringify([r[step], r[lane]]);
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  });
  const rows: (object & Slot)[] = values.map((v) => ({ ...v, slotStart: 0, slotEnd: 0, slotMid: 0 }));
  let perStep = 1;
  for (const members of groups.values()) {
    perStep = Math.max(perStep, members.length);
    members.forEach((index, k) => {
      const row = rows[index]!;
      const s = Number((values[index] as Record<string, unknown>)[step]);
      row.slotStart = s + k / members.length;
      row.slotEnd = s + (k + 1) / members.length;
      row.slotMid = s + (k + 0.5) / members.length;
    });
  }
  return { rows, perStep };
}

/**
 * A per-lane timeline: one cell per event from `step` to `step + 1` on its lane, coloured by
 * who ran, with an optional label in the cell. Suited to replayed schedules (a lane per CPU).
 * Labels are sized to fit their cell: horizontal where the steps are wide enough, else upright
 * in lanes as tall as the longest label, so they never run into a neighbour.
 */
export function timelineChart<T extends object>(options: TimelineOptions<T>): TopLevelSpec {
  const { values, step, lane, color, label } = options;
  const steps = new Set(values.map((v) => (v as Record<string, unknown>)[step])).size;
  const fields: string[] = [step, lane, color];
  if (label) fields.push(label);
  const { rows, perStep } = withSlots(values, step, lane);
  const longest = label ? Math.max(0, ...values.map((v) => String((v as Record<string, unknown>)[label] ?? '').length)) : 0;
  const labelPx = Math.ceil(longest * GLYPH_PX) + 8;
  const horizontalStep = Math.max(34, labelPx * perStep);
  const upright = label !== undefined && options.stepWidth === undefined && horizontalStep * steps > MAX_HORIZONTAL_WIDTH;
  const stepWidth = options.stepWidth ?? (upright ? Math.max(34, UPRIGHT_SLOT_PX * perStep) : horizontalStep);
  const width = options.width ?? Math.max(240, steps * stepWidth);
  const laneHeight = upright ? Math.max(26, labelPx) : 26;
  const x = { field: 'slotStart', type: 'quantitative' as const, title: 'step', axis: { tickMinStep: 1, format: 'd' } };
  const y = { field: lane, type: 'nominal' as const, title: null, sort: 'ascending' as const };
  const cells = {
    mark: { type: 'rect' as const, stroke: 'white', strokeWidth: 1 },
    encoding: {
      x,
      x2: { field: 'slotEnd' },
      y,
      // A light scheme: the black labels stay readable on every cell.
      color: { field: color, type: 'nominal' as const, title: color, scale: { scheme: 'set2' } },
      tooltip: tooltipFor(values, options.tooltip ?? fields),
    },
  };
  const layers: object[] = [cells];
  if (label) {
    layers.push({
      mark: { type: 'text' as const, angle: upright ? -90 : 0, color: 'black' },
      encoding: { x: { field: 'slotMid', type: 'quantitative' as const }, y, text: { field: label } },
    });
  }
  const colorExpr = `datum[${JSON.stringify(color)}]`;
  return {
    $schema: VEGALITE_SCHEMA,
    ...frame({ ...options, width }),
    height: { step: laneHeight },
    config: readableConfig(),
    data: { values: inlineValues(rows) },
    transform: [
      // An empty name would be a legend entry with no text.
      { calculate: `isValid(${colorExpr}) && ${colorExpr} !== '' ? ${colorExpr} : ${JSON.stringify(options.emptyLabel ?? '(none)')}`, as: color },
    ],
    layer: layers,
  } as TopLevelSpec;
}
