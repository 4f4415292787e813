/**
 * The one colour scheme for memory region types, shared by every chart in the project.
 *
 * Colours follow the Okabe–Ito palette (readable with the common colour-vision
 * deficiencies): greens/blues for memory the kernel may use, grey for reserved, warm
 * colours for what must not be touched or is owned by someone else.
 */

/** Names of memory region types, as Multiboot2 / e820 and the kernel's own regions call them. */
export type RegionTypeName =
  | 'Usable'
  | 'Reclaimable'
  | 'Reserved'
  | 'NonVolatileSleep'
  | 'BadMemory'
  | 'Kernel'
  | 'Module'
  | 'Framebuffer';

/** Region types in legend order. */
export const REGION_TYPES: readonly RegionTypeName[] = [
  'Usable',
  'Reclaimable',
  'Reserved',
  'NonVolatileSleep',
  'BadMemory',
  'Kernel',
  'Module',
  'Framebuffer',
];

/** Colour (CSS hex) of each memory region type. */
export const REGION_COLORS: Readonly<Record<RegionTypeName, string>> = {
  Usable: '#009E73',
  Reclaimable: '#56B4E9',
  Reserved: '#999999',
  NonVolatileSleep: '#CC79A7',
  BadMemory: '#D55E00',
  Kernel: '#0072B2',
  Module: '#E69F00',
  Framebuffer: '#F0E442',
};

/** A vega-lite colour scale (`domain`/`range`) for a category → colour map, in map order. */
export function colorScale(colors: Readonly<Record<string, string>>): { domain: string[]; range: string[] } {
  const domain = Object.keys(colors);
  return { domain, range: domain.map((k) => colors[k] as string) };
}
