import { describe, expect, it } from 'vitest';
import { MISSING_VALUE_COLOR, READABLE_CONFIG, barChart, chartBundle, countAxis, lineChart, timelineChart, toSvg, withReadableConfig } from '../../kernel-sim/viz/index.js';
import { countMarks, texts } from './svg-helpers.js';

/** The font sizes vega wrote, one per <text>. */
const fontSizes = (svg: string) => Array.from(svg.matchAll(/<text\b[^>]*font-size="([\d.]+)px"/g), (m) => Number(m[1]));

/** The x extent [x0, x1] of every path of the first rect mark group (vega writes `d="Mx,yhw…"`). */
function rectSpans(svg: string): [number, number][] {
  const group = /<g class="mark-rect role-mark[^"]*"[^>]*>([\s\S]*?)<\/g>/.exec(svg)?.[1] ?? '';
  return Array.from(group.matchAll(/<path[^>]*\sd="M([\d.-]+),[\d.-]+h([\d.-]+)/g), (m) => [Number(m[1]), Number(m[1]) + Number(m[2])]);
}

const maps = [
  { map: 'q35-128M', variant: 'fixed', mib: 0.5, note: '' },
  { map: 'q35-128M', variant: 'audited', mib: null, note: 'panics in meta::init' },
  { map: 'q35-1T', variant: 'fixed', mib: 8192, note: '' },
  { map: 'q35-1T', variant: 'audited', mib: 8192, note: '' },
];

describe('bar charts that do not mislead', () => {
  it('draws a row without a value as a cross and its note, not as a bar of length 0', async () => {
    const svg = await toSvg(barChart({ values: maps, category: 'map', value: 'mib', group: 'variant', note: 'note', horizontal: true, valueScale: 'log' }));
    expect(countMarks(svg, 'rect')).toBe(3);
    expect(countMarks(svg, 'symbol')).toBe(1);
    expect(texts(svg)).toContain('panics in meta::init');
    expect(svg).toContain(`fill="${MISSING_VALUE_COLOR}"`);
  });

  it('a log value axis keeps a 0.5 MiB bar visible beside an 8 GiB one', async () => {
    const values = [{ map: 'small', mib: 0.5 }, { map: 'huge', mib: 8192 }];
    const widths = async (valueScale: 'linear' | 'log') =>
      rectSpans(await toSvg(barChart({ values, category: 'map', value: 'mib', horizontal: true, valueScale, width: 400 }))).map(([a, b]) => b - a);
    const linear = await widths('linear');
    const log = await widths('log');
    expect(Math.min(...linear)).toBeLessThan(1);
    expect(Math.min(...log)).toBeGreaterThan(20);
    expect(Math.max(...log)).toBeGreaterThan(Math.min(...log) * 3);
  });

  it('does not add the note layers when every row has a value', () => {
    const spec = barChart({ values: [{ k: 'a', n: 1 }], category: 'k', value: 'n' }) as { layer?: unknown[]; mark?: unknown };
    expect(spec.layer).toBeUndefined();
    expect(spec.mark).toEqual({ type: 'bar' });
  });
});

describe('count axes', () => {
  it('ticks whole CPUs only', async () => {
    const values = [2, 3, 4, 5, 6, 7, 8].map((cpus) => ({ cpus, rate: cpus / 10 }));
    const labels = texts(await toSvg(lineChart({ values, x: 'cpus', y: 'rate', width: 480 })));
    expect(labels).toEqual(expect.arrayContaining(['2', '3', '8']));
    expect(labels.some((t) => /^\d+\.5$/.test(t))).toBe(false);
  });

  it('a 0/1 outcome has ticks 0 and 1 and nothing between', async () => {
    const values = [{ n: 1000, served: 1 }, { n: 2000, served: 0 }];
    const axis = countAxis(values, 'served');
    expect(axis.values).toEqual([0, 1]);
    const labels = texts(await toSvg(lineChart({ values, x: 'n', y: 'served', height: 160 })));
    expect(labels.filter((t) => t === '0' || t === '1').length).toBe(2);
    expect(labels).toContain('2,000');
  });

  it('leaves fractional fields and log scales alone', () => {
    expect(countAxis([{ r: 0.5 }], 'r')).toEqual({});
    expect(countAxis([{ r: 4 }], 'r', 'log')).toEqual({});
  });
});

describe('timelines', () => {
  const events = [
    { step: 0, lane: 'cpu 0', thread: 'a', kind: 'start' },
    { step: 1, lane: 'cpu 0', thread: 'a', kind: 'irq-window' },
    { step: 2, lane: 'cpu 0 · handler', thread: 'timer-irq (allocates)', kind: 'irq-enter' },
    { step: 2, lane: 'cpu 0 · handler', thread: 'timer-irq (allocates)', kind: 'start' },
    { step: 3, lane: 'run', thread: '', kind: 'failure' },
  ];

  it('names an empty thread in the legend instead of leaving an entry blank', async () => {
    const svg = await toSvg(timelineChart({ values: events, step: 'step', lane: 'lane', color: 'thread', label: 'kind', emptyLabel: 'verdict' }));
    const labels = texts(svg);
    expect(labels).toContain('verdict');
    expect(labels).toContain('timer-irq (allocates)');
    expect(labels).not.toContain('');
  });

  it('splits a step shared by two events of one lane, so neither cell covers the other', async () => {
    const svg = await toSvg(timelineChart({ values: events, step: 'step', lane: 'lane', color: 'thread', label: 'kind' }));
    const spans = rectSpans(svg);
    expect(spans).toHaveLength(events.length);
    const [enter, start] = [spans[2]!, spans[3]!];
    expect(enter[1]).toBeLessThanOrEqual(start[0] + 0.01);
  });

  it('makes steps wide enough for the longest label, or turns labels upright in taller lanes', () => {
    type Built = { width: number; height: { step: number }; layer: { mark: { angle?: number } }[] };
    const short = timelineChart({ values: events, step: 'step', lane: 'lane', color: 'thread', label: 'kind' }) as unknown as Built;
    // 4 steps, 2 events in one: 'irq-window' (10 glyphs) twice per step must fit.
    expect(short.width / 4).toBeGreaterThanOrEqual(2 * 10 * 0.6 * READABLE_CONFIG.text.fontSize);
    expect(short.layer[1]!.mark.angle).toBe(0);
    const long = Array.from({ length: 40 }, (_, step) => ({ step, lane: 'cpu 0', thread: 'a', kind: 'irq-window' }));
    const tall = timelineChart({ values: long, step: 'step', lane: 'lane', color: 'thread', label: 'kind' }) as unknown as Built;
    expect(tall.layer[1]!.mark.angle).toBe(-90);
    expect(tall.height.step).toBeGreaterThanOrEqual(10 * 0.6 * READABLE_CONFIG.text.fontSize);
  });
});

describe('text size', () => {
  it('every builder writes chart text at 12 px or more', async () => {
    const svgs = await Promise.all([
      toSvg(barChart({ values: maps, category: 'map', value: 'mib', group: 'variant', note: 'note', horizontal: true, valueScale: 'log', title: 't' })),
      toSvg(lineChart({ values: [{ a: 1, b: 2, s: 'x' }], x: 'a', y: 'b', series: 's', title: 't' })),
      toSvg(timelineChart({ values: [{ step: 0, lane: 'cpu 0', thread: 'a', kind: 'start' }], step: 'step', lane: 'lane', color: 'thread', label: 'kind' })),
    ]);
    for (const svg of svgs) {
      const sizes = fontSizes(svg);
      expect(sizes.length).toBeGreaterThan(0);
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
    }
  });

  it('does not cut long row names', async () => {
    const name = 'dell-poweredge-2850-legacy';
    const svg = await toSvg(barChart({ values: [{ map: name, gib: 4 }], category: 'map', value: 'gib', horizontal: true }));
    expect(texts(svg)).toContain(name);
  });
});

describe('hand-written specs shown in a notebook', () => {
  const spec = {
    title: 'by hand',
    data: { values: [{ cpus: 2, rate: 0.1 }, { cpus: 8, rate: 0.9 }] },
    mark: 'line' as const,
    encoding: { x: { field: 'cpus', type: 'quantitative' as const }, y: { field: 'rate', type: 'quantitative' as const } },
  };

  it('get the builders’ text sizes', async () => {
    const bundle = await chartBundle(spec);
    expect(Math.min(...fontSizes(String(bundle.data['image/svg+xml'])))).toBeGreaterThanOrEqual(12);
    expect(Math.min(...fontSizes(await toSvg(spec)))).toBeLessThan(12);
  });

  it('keep their own config, key by key', () => {
    const mine = withReadableConfig({ ...spec, config: { axis: { labelFontSize: 14 }, view: { stroke: null } } });
    expect(mine.config).toMatchObject({ axis: { labelFontSize: 14, titleFontSize: 13 }, view: { stroke: null }, legend: { labelFontSize: 12 } });
  });
});
