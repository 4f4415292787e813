/**
 * The DMA-fault chart builders: each spec compiles with vega-lite and renders with vega without
 * an error or a warning, every field its encodings name exists in the data or a transform, and
 * the marks drawn match the rows.
 */
import { describe, expect, it } from 'vitest';
import { compile, type TopLevelSpec } from 'vega-lite';
import { DmaFaultTables } from '../../kernel-sim/metrics/index.js';
import {
  faultsLostToPfoChart, faultTimelineChart, interruptsPerFaultChart, iotlbHitRateChart, toSvg,
  type FaultBucketRow, type FaultEventRow, type IotlbSampleRow, type PfoLossRow,
} from '../../kernel-sim/viz/index.js';
import { runDma, type DmaSpec } from '../../kernel-sim/workloads/index.js';
import { countMarks, texts } from './svg-helpers.js';

// Fields named in encodings, everywhere in the spec (layers, facets, concatenations).
function encodedFields(spec: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(spec)) { for (const s of spec) encodedFields(s, out); return out; }
  if (spec === null || typeof spec !== 'object') return out;
  const o = spec as Record<string, unknown>;
  if (o.encoding && typeof o.encoding === 'object') {
    for (const ch of Object.values(o.encoding as Record<string, unknown>)) {
      for (const def of Array.isArray(ch) ? ch : [ch]) if (def && typeof def === 'object' && 'field' in def) out.add((def as { field: string }).field);
    }
  }
  for (const k of ['spec', 'vconcat', 'hconcat', 'layer']) if (k in o) encodedFields(o[k], out);
  if (o.facet && typeof o.facet === 'object') for (const d of Object.values(o.facet as Record<string, { field?: string }>)) if (d.field) out.add(d.field);
  return out;
}

// Fields the data rows carry and the transforms make.
function availableFields(spec: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(spec)) { for (const s of spec) availableFields(s, out); return out; }
  if (spec === null || typeof spec !== 'object') return out;
  const o = spec as Record<string, unknown>;
  const values = (o.data as { values?: Record<string, unknown>[] } | undefined)?.values;
  for (const row of values ?? []) for (const k of Object.keys(row)) out.add(k);
  for (const t of (o.transform as Record<string, unknown>[] | undefined) ?? []) {
    if (typeof t.as === 'string') out.add(t.as);
    if (Array.isArray(t.as)) for (const a of t.as) out.add(a as string);
    if (Array.isArray(t.window)) for (const w of t.window as { as: string }[]) out.add(w.as);
  }
  for (const k of ['spec', 'vconcat', 'hconcat', 'layer']) if (k in o) availableFields(o[k], out);
  return out;
}

// Lines of multi-line titles (vega writes each as a <tspan>).
const tspans = (svg: string): string[] => Array.from(svg.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g), (m) => m[1] ?? '');

async function check(spec: TopLevelSpec): Promise<string> {
  const errors: string[] = [];
  const vg = compile(spec).spec;
  expect(vg.marks?.length ?? 0).toBeGreaterThan(0);
  const missing = [...encodedFields(spec)].filter((f) => !availableFields(spec).has(f));
  expect(missing).toEqual([]);
  const svg = await toSvg(spec, { onWarning: (m) => errors.push(m) });
  expect(errors).toEqual([]);
  return svg;
}

const SPEC: DmaSpec = {
  seed: 3, steps: 400,
  // Five sources of faults on a four-record ring: the audited handler's ring fills.
  devices: [{ at: '00:03.0', kind: 'block' }, { at: '00:05.0', kind: 'plain' }, { at: '00:06.0', kind: 'plain' }, { at: '00:1f.7', kind: 'malicious' }, { at: '00:1e.0', kind: 'malicious' }],
  units: [{ scope: 'all', faultRecords: 4 }],
  ops: { map: 3, unmap: 2, io: 6, stray: 2, attack: 2 }, sampleEvery: 50,
};
const runs = [[], ['FAU-02']].map((bugs) => ({ variant: bugs.length ? 'audited' : 'fixed', t: new DmaFaultTables(runDma(SPEC, { bugs }).trace) }));
const rows = <R>(f: (t: DmaFaultTables) => { objects(): object[] }): R[] =>
  runs.flatMap(({ variant, t }) => f(t).objects().map((r) => ({ ...r, variant }) as R));

describe('DMA-fault charts', () => {
  it('faultTimelineChart: one bar segment per bucket and device · reason, a panel per variant', async () => {
    const values = rows<FaultBucketRow>((t) => t.perDeviceAndReason(100));
    expect(values.length).toBeGreaterThan(2);
    const svg = await check(faultTimelineChart({ values, bucket: 100, title: 'faults' }));
    const segments = new Set(values.map((r) => `${r.variant}|${r.bucket_start}|${r.device} · ${r.reason_name}`)).size;
    expect(countMarks(svg, 'rect')).toBe(segments);
    expect(texts(svg)).toEqual(expect.arrayContaining(['device · reason', `${values[0]!.device} · ${values[0]!.reason_name}`]));
    expect(tspans(svg)).toEqual(['fixed', 'faults', 'audited', 'faults']); // each panel's y title: its variant, then the measure (data order)
    // One title only (panels are named in their y titles); without a variant, a single view.
    expect(svg.match(/role-title-text/g)?.length).toBe(1);
    const single = faultTimelineChart({ values: values.filter((r) => r.variant === 'fixed').map(({ variant: _v, ...r }) => r), bucket: 100 });
    expect('vconcat' in single).toBe(false);
    await check(single);
    expect(() => faultTimelineChart({ values, bucket: 0 })).toThrow(/bucket 0/);
  });

  it('faultsLostToPfoChart: the audited handler loses faults, the fixed one none', async () => {
    const values = rows<PfoLossRow>((t) => t.lostToPfo(100));
    expect(values.some((r) => r.variant === 'audited' && r.lost > 0)).toBe(true);
    expect(values.some((r) => r.variant === 'fixed')).toBe(false);
    const svg = await check(faultsLostToPfoChart({ values, bucket: 100 }));
    expect(countMarks(svg, 'rect')).toBe(new Set(values.map((r) => `${r.bucket_start}|${r.unit}`)).size);
    expect(tspans(svg)).not.toContain('fixed');
    // Asked for, the fixed run gets its (empty) panel: one zero-height bar more.
    const both = await check(faultsLostToPfoChart({ values, bucket: 100, variants: ['audited', 'fixed'] }));
    expect(tspans(both)).toEqual(expect.arrayContaining(['audited', 'fixed']));
    expect(countMarks(both, 'rect')).toBe(countMarks(svg, 'rect') + 1);
  });

  it('interruptsPerFaultChart: cumulative faults and MSIs, and MSIs per fault (1 fixed, 1 in all audited)', async () => {
    const values = rows<FaultEventRow>((t) => t.events());
    const spec = interruptsPerFaultChart({ values, title: 'FAU-02' });
    const svg = await check(spec);
    expect(countMarks(svg, 'line')).toBe(2 * 2 + 2); // per variant: two cumulative lines, one ratio line
    expect(texts(svg)).toEqual(expect.arrayContaining(['faults seen', 'MSIs sent', 'MSIs per fault so far']));
    // What the lines show: one MSI in all in the audited run, one per fault fixed.
    expect(values.filter((r) => r.variant === 'audited' && r.interrupt).length).toBe(1);
    expect(values.filter((r) => r.variant === 'fixed').every((r) => r.interrupt)).toBe(true);
  });

  it('iotlbHitRateChart: one line per variant, by step or by machine cycle', async () => {
    const values = rows<IotlbSampleRow>((t) => t.iotlbHitRate());
    expect(values.every((r) => typeof r.cycle === 'number')).toBe(true);
    for (const x of ['step', 'cycle'] as const) {
      const spec = iotlbHitRateChart({ values, x, title: 'IOTLB' });
      const svg = await check(spec);
      expect(countMarks(svg, 'line')).toBe(2);
      expect(texts(svg)).toContain(x === 'step' ? 'step' : 'cycle (machine clock)');
    }
    expect(() => iotlbHitRateChart({ values: [{ step: 1, unit: 'dmar0', hits: 1, misses: 0 }], x: 'cycle' })).toThrow(/no cycle/);
  });
});
