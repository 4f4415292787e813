import { describe, expect, it } from 'vitest';
import {
  REGION_COLORS,
  REGION_TYPES,
  addressLabelExpr,
  addressStrip,
  barChart,
  heatmap,
  lineChart,
  toSvg,
} from '../../kernel-sim/viz/index.js';
import { countMarks, texts } from './svg-helpers.js';

const regions = [
  { dataset: 'qemu-64G', type: 'Usable', base: 0, end: 0x9fc00 },
  { dataset: 'qemu-64G', type: 'Reserved', base: 0x9fc00, end: 0x100000 },
  { dataset: 'qemu-64G', type: 'Usable', base: 0x100000, end: 0x7fe0000 },
  { dataset: 'qemu-1T', type: 'Kernel', base: 0x100000, end: 0x400000 },
  { dataset: 'qemu-1T', type: 'Usable', base: 0x400000, end: 2 ** 40 },
];

describe('region colours', () => {
  it('has one distinct colour per region type', () => {
    expect(Object.keys(REGION_COLORS)).toEqual([...REGION_TYPES]);
    expect(new Set(Object.values(REGION_COLORS)).size).toBe(REGION_TYPES.length);
  });
});

describe('addressStrip', () => {
  it('draws one bar per region and one row per dataset, coloured by the shared scheme', async () => {
    const spec = addressStrip({ values: regions, base: 'base', end: 'end', row: 'dataset', category: 'type', title: 'maps' });
    const svg = await toSvg(spec);
    expect(countMarks(svg, 'rect')).toBe(regions.length);
    expect(texts(svg)).toEqual(expect.arrayContaining(['qemu-64G', 'qemu-1T', 'maps']));
    expect(svg).toContain(`fill="${REGION_COLORS.Usable}"`);
    expect(svg).toContain(`fill="${REGION_COLORS.Kernel}"`);
    expect(svg).not.toContain(`fill="${REGION_COLORS.BadMemory}"`);
  });

  it('labels a symlog axis at powers of 16 in hex', async () => {
    const spec = addressStrip({ values: regions, base: 'base', end: 'end', row: 'dataset', category: 'type', scale: 'symlog' });
    const labels = texts(await toSvg(spec));
    expect(labels).toEqual(expect.arrayContaining(['0x0', '0x1000', '0x100000', '0x10000000000']));
  });

  it('greys out categories missing from the colour map', () => {
    const spec = addressStrip({ values: [{ r: 'x', c: 'Odd', b: 0, e: 1 }], base: 'b', end: 'e', row: 'r', category: 'c' });
    expect(JSON.stringify(spec)).toContain('"range":["#666666"]');
  });

  it('formats sizes with binary units', () => {
    expect(addressLabelExpr('size')).toContain("' GiB'");
    expect(addressLabelExpr('hex')).toContain("'0x'");
  });
});

describe('barChart, heatmap, lineChart', () => {
  it('barChart stacks coloured segments', async () => {
    const values = [
      { zone: 'DMA', type: 'Usable', pages: 10 },
      { zone: 'DMA', type: 'Reserved', pages: 5 },
      { zone: 'Normal', type: 'Usable', pages: 40 },
    ];
    const spec = barChart({ values, category: 'zone', value: 'pages', color: 'type', colors: REGION_COLORS, horizontal: true });
    const svg = await toSvg(spec);
    expect(countMarks(svg, 'rect')).toBe(3);
    expect(svg).toContain(`fill="${REGION_COLORS.Reserved}"`);
  });

  it('heatmap draws a cell per value', async () => {
    const values = [];
    for (let order = 0; order < 4; order++) for (let cpu = 0; cpu < 3; cpu++) values.push({ order, cpu, free: order * cpu });
    const svg = await toSvg(heatmap({ values, x: 'order', y: 'cpu', value: 'free' }));
    expect(countMarks(svg, 'rect')).toBe(12);
  });

  it('lineChart draws one line per series', async () => {
    const values = [
      { step: 0, frag: 0.1, run: 'buggy' },
      { step: 1, frag: 0.4, run: 'buggy' },
      { step: 0, frag: 0.1, run: 'fixed' },
      { step: 1, frag: 0.2, run: 'fixed' },
    ];
    const svg = await toSvg(lineChart({ values, x: 'step', y: 'frag', series: 'run', points: true }));
    expect(countMarks(svg, 'line')).toBe(2);
    expect(texts(svg)).toEqual(expect.arrayContaining(['buggy', 'fixed']));
  });
});

describe('timelineChart', () => {
  it('draws one cell per event on its lane, with the label layer', async () => {
    const { timelineChart, toSvg } = await import('../../kernel-sim/viz/index.js');
    const values = [
      { step: 0, lane: 'cpu 0', thread: 'a', kind: 'start' },
      { step: 1, lane: 'cpu 1', thread: 'b', kind: 'acquire' },
      { step: 2, lane: 'cpu 0', thread: 'a', kind: 'release' },
    ];
    const spec = timelineChart({ values, step: 'step', lane: 'lane', color: 'thread', label: 'kind' });
    const svg = await toSvg(spec);
    expect(countMarks(svg, 'rect')).toBe(3);
    for (const k of ['start', 'acquire', 'release']) expect(svg).toContain(`>${k}<`);
    expect(svg).toContain('cpu 1');
  });
});
