import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LONG_PROPERTIES } from '../long-properties.js';

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? testFiles(p) : p.endsWith('.test.ts') ? [p] : [];
  });
}

describe('property files sized by propertyRuns', () => {
  it('are all in LONG_PROPERTIES, so test:long runs them at their full counts, and the list names no other file', () => {
    const sized = testFiles('tests').filter((f) => /\bpropertyRuns\(/.test(readFileSync(f, 'utf8'))).sort();
    expect([...LONG_PROPERTIES].sort()).toEqual(sized);
  });
});
