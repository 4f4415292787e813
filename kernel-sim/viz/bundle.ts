import type { TopLevelSpec } from 'vega-lite';
import { toSvg } from './render.js';
import { withReadableConfig } from './specs/common.js';
import type { ToSvgOptions } from './render.js';

/** MIME type JupyterLab and VS Code render as an interactive vega-lite chart. */
export const VEGALITE_MIME = 'application/vnd.vegalite.v5+json';

/** A Jupyter display_data payload: MIME type → content. */
export interface DisplayBundle {
  /** MIME bundle, e.g. `{ 'image/svg+xml': '<svg…>', 'text/plain': '…' }`. */
  data: Record<string, unknown>;
  /** Per-MIME metadata (empty here). */
  metadata: Record<string, unknown>;
}

/** A one-line plain-text description of a chart, for `text/plain`. */
export function describeSpec(spec: TopLevelSpec): string {
  const s = spec as { title?: unknown; mark?: unknown; layer?: unknown[]; data?: { values?: unknown } };
  const title =
    typeof s.title === 'string' ? s.title : s.title && typeof s.title === 'object' ? String((s.title as { text?: unknown }).text ?? '') : '';
  // A layered chart is named after its first layer (a bar chart with a layer of notes is a bar chart).
  const first = s.mark ?? (s.layer?.[0] as { mark?: unknown } | undefined)?.mark;
  const mark =
    typeof first === 'string' ? first : first && typeof first === 'object' ? String((first as { type?: unknown }).type) : s.layer ? 'layered' : 'composite';
  const values = s.data && Array.isArray(s.data.values) ? `, ${s.data.values.length} rows` : '';
  return `<vega-lite ${mark} chart${title ? `: ${title}` : ''}${values}>`;
}

/**
 * Builds the display bundle of a chart: the vega-lite spec (interactive in JupyterLab and
 * VS Code), its SVG (for GitHub, nbconvert and the offline report) and a text line. The spec
 * gets the builders' READABLE_CONFIG beneath its own config.
 * No `text/html`: JupyterLab would prefer it to the interactive chart.
 */
export async function chartBundle(spec: TopLevelSpec, options: ToSvgOptions = {}): Promise<DisplayBundle> {
  // Hand-written specs get the builders' text sizes too (12 px labels, uncut names).
  const readable = withReadableConfig(spec);
  const svg = await toSvg(readable, options);
  return {
    data: {
      [VEGALITE_MIME]: readable,
      'image/svg+xml': svg,
      'text/plain': describeSpec(spec),
    },
    metadata: {},
  };
}
