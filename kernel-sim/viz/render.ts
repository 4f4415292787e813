import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { View, parse } from 'vega';
import { ChartRenderError, SpecCompileError, messageOf } from './errors.js';
import { assertJsonSafe } from './json-check.js';
import { QuietLogger } from './quiet-logger.js';
import { normalizeSvgIds } from './svg-ids.js';

/** Options for {@link toSvg}. */
export interface ToSvgOptions {
  /** Receives vega and vega-lite warnings (e.g. an empty extent); they are dropped otherwise. */
  onWarning?: (message: string) => void;
}

/**
 * Compiles a vega-lite specification to vega and renders it headlessly to an SVG string.
 *
 * The output is deterministic: the same spec gives the same bytes (no timestamps, element
 * ids derived from the content). Data must be inline `values`; a bigint anywhere in the
 * spec is refused with {@link UnsupportedValueError}.
 *
 * @throws {@link SpecCompileError} when vega-lite rejects the spec (its message is kept).
 * @throws {@link ChartRenderError} when vega fails to parse or render the compiled spec.
 */
export async function toSvg(spec: TopLevelSpec, options: ToSvgOptions = {}): Promise<string> {
  assertJsonSafe(spec);
  const logger = new QuietLogger(options.onWarning);
  let vgSpec;
  try {
    vgSpec = compile(spec, { logger }).spec;
  } catch (e) {
    throw new SpecCompileError(messageOf(e), { cause: e });
  }
  if (logger.errors.length > 0) throw new SpecCompileError(logger.errors.join('; '));
  let view: View | undefined;
  let svg: string;
  try {
    view = new View(parse(vgSpec), { renderer: 'none', logger });
    svg = await view.toSVG();
  } catch (e) {
    throw new ChartRenderError(messageOf(e), { cause: e });
  } finally {
    if (view) view.finalize();
  }
  if (logger.errors.length > 0) throw new ChartRenderError(logger.errors.join('; '));
  return normalizeSvgIds(svg);
}
