import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, parseJsonText } from '../../kernel-sim/util/index.js';

function syntaxError(text: string): JsonSyntaxError {
  try {
    parseJsonText(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) return e;
    throw e;
  }
  throw new Error(`parsed: ${text}`);
}

describe('parseJsonText', () => {
  it.each([
    ['{"a": 1,\n "b": }', 2, 7, 15, 'a value expected'],
    ['[1, 2', 1, 6, 5, "']' expected"],
    ['{"a": 1,}', 1, 9, 8, 'a property name (a double-quoted string) expected'],
    ['{"a" 1}', 1, 6, 5, "':' expected"],
    ['[1]\n[2]', 2, 1, 4, 'text after the JSON value'],
    ['// note\n[]', 1, 1, 0, 'comments are not JSON'],
    ['  \n', 1, 1, 0, 'no JSON value (the text is empty)'],
  ])('%j: line %i, column %i (offset %i): %s', (text, line, column, offset, reason) => {
    const e = syntaxError(text);
    expect([e.line, e.column, e.offset, e.reason]).toEqual([line, column, offset, reason]);
    expect(e.message).toBe(`line ${line}, column ${column} (offset ${offset}): ${reason}`);
  });

  it('parses what JSON.parse parses, and locates inside the text every error JSON.parse finds, without echoing the text', () => {
    // Valid JSON, then a few characters cut, inserted or replaced.
    const edit = fc.record({ at: fc.nat(), cut: fc.nat({ max: 3 }), insert: fc.constantFrom('', ',', '}', ']', '"', ':', 'x', '0', '\n', ' ', '{', '[') });
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(edit, { maxLength: 3 }), (value, edits) => {
        let text = JSON.stringify(value, null, 1);
        for (const { at, cut, insert } of edits) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + insert + text.slice(i + cut);
        }
        let expected: unknown;
        try {
          expected = JSON.parse(text);
        } catch {
          const e = syntaxError(text);
          expect(e.offset).toBeGreaterThanOrEqual(0);
          expect(e.offset).toBeLessThanOrEqual(text.length);
          expect(e.reason).not.toBe('not valid JSON');
          expect(text.split('\n').length).toBeGreaterThanOrEqual(e.line);
          expect(e.message).toMatch(/^line \d+, column \d+ \(offset \d+\): [^\n]+$/);
          return;
        }
        expect(parseJsonText(text)).toEqual(expected);
      }),
      { numRuns: 500, seed: 42 },
    );
  });
});
