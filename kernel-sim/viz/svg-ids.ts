import { createHash } from 'crypto';

/**
 * Makes the element ids in a vega SVG deterministic and unique per chart.
 *
 * vega numbers clip paths and gradients from a process-wide counter, so the same chart
 * renders differently on a second call. Renumbering in document order and prefixing with
 * a hash of the content gives the same bytes for the same chart, and keeps two different
 * charts inlined in one HTML page from sharing (and clashing on) an id.
 */
export function normalizeSvgIds(svg: string): string {
  const order = new Map<string, number>();
  svg.replace(/\sid="([^"]+)"/g, (_m, id: string) => {
    if (!order.has(id)) order.set(id, order.size);
    return '';
  });
  if (order.size === 0) return svg;
  const rename = (prefix: string) => (id: string) => {
    const n = order.get(id);
    return n === undefined ? id : `${prefix}${n}`;
  };
  const rewrite = (text: string, to: (id: string) => string) =>
    text
      .replace(/(\sid=")([^"]+)(")/g, (_m, a: string, id: string, b: string) => a + to(id) + b)
      .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${to(id)})`)
      .replace(/(href=")#([^"]+)(")/g, (_m, a: string, id: string, b: string) => `${a}#${to(id)}${b}`);
  const canonical = rewrite(svg, rename('id'));
  const hash = createHash('sha256').update(canonical).digest('hex').slice(0, 8);
  return rewrite(svg, rename(`vg${hash}-`));
}
