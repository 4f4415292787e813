import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

// Real-hardware e820 maps transcribed from public Linux boot logs; see
// datasets/e820/README.md for provenance and the two line formats.
const DIR = new URL('../../datasets/e820/', import.meta.url);

interface ManifestEntry {
  file: string;
  sha256: string;
  machine: string;
  kernel: string;
  source: string;
  sourceKind: 'github-file' | 'github-issue' | 'web-page';
  format: 'modern' | 'legacy';
  totalUsableBytes: number;
  notes: string;
}

interface E820Range {
  start: bigint; // inclusive
  end: bigint; // exclusive
  type: string;
}

// Modern (3.x-era kernels onwards): "BIOS-e820: [mem 0x<start>-0x<last>] <type>", last is inclusive.
const MODERN = /BIOS-e820: \[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\] (.+)$/;
// Legacy (2.6 / early 3.x kernels): " BIOS-e820: <start> - <end> (<type>)", end is exclusive.
const LEGACY = /BIOS-e820: ([0-9a-f]{16}) - ([0-9a-f]{16}) \((.+)\)$/;

function parseE820(text: string): E820Range[] {
  const out: E820Range[] = [];
  for (const line of text.split('\n')) {
    const m = MODERN.exec(line);
    if (m) {
      out.push({ start: BigInt(`0x${m[1]}`), end: BigInt(`0x${m[2]}`) + 1n, type: m[3] ?? '' });
      continue;
    }
    const l = LEGACY.exec(line);
    if (l) out.push({ start: BigInt(`0x${l[1]}`), end: BigInt(`0x${l[2]}`), type: l[3] ?? '' });
  }
  return out;
}

const usableBytes = (ranges: E820Range[]): bigint =>
  ranges.filter((r) => r.type === 'usable').reduce((acc, r) => acc + (r.end - r.start), 0n);

const manifest = JSON.parse(readFileSync(new URL('manifest.json', DIR), 'utf8')) as ManifestEntry[];
const read = (file: string): Buffer => readFileSync(new URL(file, DIR));

const GiB64 = 64n << 30n;

describe('datasets/e820 real-hardware maps', () => {
  it('has at least 5 maps, each a distinct file', () => {
    expect(manifest.length).toBeGreaterThanOrEqual(5);
    expect(new Set(manifest.map((m) => m.file)).size).toBe(manifest.length);
  });

  it.each(manifest.map((m) => [m.file, m] as const))('%s exists with matching sha256', (file, m) => {
    const url = new URL(file, DIR);
    expect(existsSync(url)).toBe(true);
    expect(createHash('sha256').update(read(file)).digest('hex')).toBe(m.sha256);
  });

  it.each(manifest.map((m) => [m.file, m] as const))('%s has >= 3 e820 lines, only e820 content', (file, m) => {
    const text = read(file).toString('utf8');
    const ranges = parseE820(text);
    expect(ranges.length).toBeGreaterThanOrEqual(3);
    for (const line of text.split('\n').filter((l) => l.trim() !== '')) {
      expect(line).toMatch(/BIOS-e820|BIOS-provided physical RAM map:/);
    }
    const matcher = m.format === 'modern' ? MODERN : LEGACY;
    for (const line of text.split('\n').filter((l) => l.includes('BIOS-e820'))) {
      expect(line).toMatch(matcher);
    }
    for (const r of ranges) expect(r.end > r.start).toBe(true);
  });

  it.each(manifest.map((m) => [m.file, m] as const))('%s totalUsableBytes matches an independent parse', (file, m) => {
    expect(Number.isSafeInteger(m.totalUsableBytes)).toBe(true);
    expect(usableBytes(parseE820(read(file).toString('utf8')))).toBe(BigInt(m.totalUsableBytes));
  });

  it('has at least 2 machines with usable memory above 64 GiB', () => {
    const big = manifest.filter((m) =>
      parseE820(read(m.file).toString('utf8')).some((r) => r.type === 'usable' && r.end > GiB64),
    );
    expect(big.length).toBeGreaterThanOrEqual(2);
  });

  it('covers both line formats and records provenance', () => {
    expect(manifest.some((m) => m.format === 'legacy')).toBe(true);
    expect(manifest.some((m) => m.format === 'modern')).toBe(true);
    for (const m of manifest) {
      expect(m.source).toMatch(/^https:\/\//);
      expect(['github-file', 'github-issue', 'web-page']).toContain(m.sourceKind);
      expect(m.machine.length).toBeGreaterThan(0);
    }
  });
});
