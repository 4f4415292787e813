import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { ChartRenderError, SpecCompileError, UnsupportedValueError, VizError, toSvg } from '../../kernel-sim/viz/index.js';
import { countMarks, texts } from './svg-helpers.js';

const bars: TopLevelSpec = {
  data: { values: [{ k: 'a', n: 1 }, { k: 'b', n: 3 }, { k: 'c', n: 2 }] },
  mark: 'bar',
  encoding: { x: { field: 'k', type: 'nominal' }, y: { field: 'n', type: 'quantitative' } },
};

const clipped = (top: number): TopLevelSpec => ({
  width: 100,
  height: 50,
  data: { values: [{ a: 1, b: 2 }, { a: 3, b: top }] },
  mark: { type: 'line', clip: true },
  encoding: { x: { field: 'a', type: 'quantitative', scale: { domain: [0, 2] } }, y: { field: 'b', type: 'quantitative' } },
});

describe('toSvg', () => {
  it('renders one bar mark per data row', async () => {
    const svg = await toSvg(bars);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(countMarks(svg, 'rect')).toBe(3);
    expect(texts(svg)).toEqual(expect.arrayContaining(['a', 'b', 'c']));
  });

  it('is deterministic across calls, including clip-path ids', async () => {
    const first = await toSvg(clipped(5));
    const second = await toSvg(clipped(5));
    expect(second).toBe(first);
    expect(first).toMatch(/clip-path="url\(#vg[0-9a-f]{8}-\d+\)"/);
  });

  it('gives different charts different element ids (they may share one HTML page)', async () => {
    const ids = (svg: string) => Array.from(svg.matchAll(/\sid="([^"]+)"/g), (m) => m[1]);
    const a = ids(await toSvg(clipped(5)));
    const b = ids(await toSvg(clipped(9)));
    expect(a.length).toBeGreaterThan(0);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
  });

  it('reports a spec vega-lite rejects as SpecCompileError with its message', async () => {
    const bad = { data: { values: [{ a: 1 }] }, mark: 'bar', encoding: { x: { field: 'a', type: 'bogus' } } };
    const err = await toSvg(bad as unknown as TopLevelSpec).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpecCompileError);
    expect(err).toBeInstanceOf(VizError);
    expect((err as SpecCompileError).message).toMatch(/Invalid field type/);
  });

  it('reports a broken expression as a typed error', async () => {
    const spec = { ...bars, transform: [{ calculate: 'foo(', as: 'z' }] } as TopLevelSpec;
    const err = await toSvg(spec).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VizError);
    expect(err instanceof SpecCompileError || err instanceof ChartRenderError).toBe(true);
  });

  it('refuses bigint data, naming where it is', async () => {
    const spec = { ...bars, data: { values: [{ k: 'a', n: 1n }] } } as unknown as TopLevelSpec;
    const err = await toSvg(spec).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsupportedValueError);
    expect((err as UnsupportedValueError).path).toBe('$.data.values[0].n');
  });

  it('routes warnings to onWarning instead of the console', async () => {
    const warnings: string[] = [];
    const spec = { ...bars, encoding: { ...bars.encoding, shape: { field: 'k', type: 'nominal' } } } as TopLevelSpec;
    await toSvg(spec, { onWarning: (w) => warnings.push(w) });
    expect(warnings).toEqual(['shape dropped as it is incompatible with "bar".']);
  });
});
