/** Small readers of vega's SVG output for assertions. */

/** Number of mark elements (vega draws each as a <path>) in the groups of `markType`. */
export function countMarks(svg: string, markType: string): number {
  let count = 0;
  const re = new RegExp(`<g class="mark-${markType} role-mark[^"]*"[^>]*>([\\s\\S]*?)</g>`, 'g');
  for (const m of svg.matchAll(re)) count += ((m[1] ?? '').match(/<path\b/g) ?? []).length;
  return count;
}

/** Text of every <text> element, in order. */
export function texts(svg: string): string[] {
  return Array.from(svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g), (m) => m[1] ?? '');
}
