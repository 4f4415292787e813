import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LONG_PROPERTIES } from '../long-properties.js';

describe('property files sized by propertyRuns', () => {
  it('are all in LONG_PROPERTIES, so test:long runs them at their full counts, and the list names no other file', () => {
    const sized = readdirSync('tests', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.test.ts')).map((f) => join('tests', f)).filter((f) => /\bpropertyRuns\(/.test(readFileSync(f, 'utf8'))).sort();
    expect([...LONG_PROPERTIES].sort()).toEqual(sized);
  });
});
