/**
 * DMA rates over time from the rows of `metrics/dma-faults.ts` (`DmaFaultTables`): fault-event
 * interrupts per fault (the FAU-02 storm, or its silence on a spec-exact unit) from the fault
 * events, and the IOTLB hit rate from the IOTLB samples; one line per `variant` (and per unit
 * when there are several). The running counts and rates are computed by vega-lite transforms.
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import { VEGALITE_SCHEMA, frame, inlineValues, readableConfig } from './common.js';
import type { FrameOptions } from './common.js';

/** A row of `DmaFaultTables.events()` (the fields this chart reads). */
export interface FaultEventRow {
  readonly step: number;
  /** True when the unit raised the fault-event MSI for this fault. */
  readonly interrupt: boolean;
  readonly variant?: string;
}

/** A row of `DmaFaultTables.iotlbHitRate()` (the fields this chart reads). */
export interface IotlbSampleRow {
  readonly step: number;
  /** The machine clock at the sample. */
  readonly cycle?: number;
  readonly unit: string;
  readonly hits: number;
  readonly misses: number;
  readonly variant?: string;
}

/** Options of {@link interruptsPerFaultChart}. */
export interface InterruptsPerFaultOptions extends FrameOptions {
  readonly values: readonly FaultEventRow[];
}

/**
 * Two panels over the steps of a run: faults seen and MSIs sent, cumulative (solid and dashed),
 * and MSIs per fault so far. A handler that clears each record gets one MSI per recorded fault;
 * one that never clears F (FAU-02 on a spec-exact unit) gets one MSI in all.
 */
export function interruptsPerFaultChart(options: InterruptsPerFaultOptions): TopLevelSpec {
  const values = options.values.map((r, i) => ({ step: r.step, interrupt: r.interrupt, variant: r.variant ?? 'run', order: i }));
  const size = { ...(options.width !== undefined ? { width: options.width } : {}), height: options.height ?? 180 };
  const x = { field: 'step', type: 'quantitative', title: 'step', axis: { format: 'd' } };
  const color = { field: 'variant', type: 'nominal', title: 'variant' };
  return {
    $schema: VEGALITE_SCHEMA,
    ...(options.title !== undefined ? { title: options.title } : {}),
    config: readableConfig(),
    data: { values: inlineValues(values) },
    transform: [
      { calculate: 'datum.interrupt ? 1 : 0', as: 'msi' },
      { window: [{ op: 'count', as: 'faults seen' }, { op: 'sum', field: 'msi', as: 'MSIs sent' }], sort: [{ field: 'order' }], groupby: ['variant'], frame: [null, 0] },
      { calculate: "datum['MSIs sent'] / datum['faults seen']", as: 'MSIs per fault' },
    ],
    vconcat: [
      {
        ...size,
        transform: [{ fold: ['faults seen', 'MSIs sent'], as: ['measure', 'count'] }],
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x, color,
          y: { field: 'count', type: 'quantitative', title: 'cumulative', axis: { format: 'd' } },
          strokeDash: { field: 'measure', type: 'nominal', title: 'measure' },
          tooltip: [{ field: 'variant', type: 'nominal' }, { field: 'step', type: 'quantitative' }, { field: 'measure', type: 'nominal' }, { field: 'count', type: 'quantitative' }],
        },
      },
      {
        ...size,
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x, color,
          y: { field: 'MSIs per fault', type: 'quantitative', title: 'MSIs per fault so far', scale: { domain: [0, 1] } },
          tooltip: [{ field: 'variant', type: 'nominal' }, { field: 'step', type: 'quantitative' }, { field: 'faults seen', type: 'quantitative' }, { field: 'MSIs sent', type: 'quantitative' }],
        },
      },
    ],
  } as TopLevelSpec;
}

/** Options of {@link iotlbHitRateChart}. */
export interface IotlbHitRateOptions extends FrameOptions {
  readonly values: readonly IotlbSampleRow[];
  /** Along x: the workload's step (default) or the machine clock's cycle. */
  readonly x?: 'step' | 'cycle';
}

/** The IOTLB hit rate per sample interval (idle intervals left out), one line per variant and unit. */
export function iotlbHitRateChart(options: IotlbHitRateOptions): TopLevelSpec {
  const xField = options.x ?? 'step';
  if (xField === 'cycle' && options.values.some((r) => r.cycle === undefined)) throw new RangeError('iotlbHitRateChart: x is cycle but a sample has no cycle');
  const units = new Set(options.values.map((r) => r.unit)).size;
  const values = options.values.map((r) => ({ ...r, variant: r.variant ?? 'run' }));
  return {
    $schema: VEGALITE_SCHEMA,
    ...frame(options),
    config: readableConfig(),
    data: { values: inlineValues(values) },
    transform: [
      { filter: 'datum.hits + datum.misses > 0' },
      { calculate: 'datum.hits / (datum.hits + datum.misses)', as: 'hit_rate' },
      { calculate: units > 1 ? "datum.variant + ' · ' + datum.unit" : 'datum.variant', as: 'line' },
    ],
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: xField, type: 'quantitative', title: xField === 'step' ? 'step' : 'cycle (machine clock)', axis: { format: xField === 'step' ? 'd' : '~s' } },
      y: { field: 'hit_rate', type: 'quantitative', title: 'IOTLB hit rate', scale: { domain: [0, 1] }, axis: { format: '%' } },
      color: { field: 'line', type: 'nominal', title: units > 1 ? 'variant · unit' : 'variant' },
      tooltip: [
        { field: 'line', type: 'nominal', title: 'variant' }, { field: xField, type: 'quantitative' },
        { field: 'hits', type: 'quantitative' }, { field: 'misses', type: 'quantitative' }, { field: 'hit_rate', type: 'quantitative', format: '.1%' },
      ],
    },
  } as TopLevelSpec;
}
