/**
 * JSON.parse for text a user gave (a file, a spec), whose syntax errors say where the text is
 * wrong (line, column, offset) and what was expected, without echoing the text as V8's do.
 * @module
 */
import { parse, ParseErrorCode, type ParseError } from 'jsonc-parser';
import { KernelSimError } from './errors.js';

/** A JSON syntax error at a place in the text. */
export class JsonSyntaxError extends KernelSimError {
  constructor(
    /** Offset of the error in the text, in UTF-16 code units (= bytes for ASCII text). */
    readonly offset: number,
    /** 1-based line of the offset. */
    readonly line: number,
    /** 1-based column of the offset. */
    readonly column: number,
    /** What was wrong, e.g. `a value expected`. */
    readonly reason: string,
  ) {
    super(`line ${line}, column ${column} (offset ${offset}): ${reason}`);
  }
}

const REASONS: Record<number, string> = {
  [ParseErrorCode.InvalidSymbol]: 'not a JSON token',
  [ParseErrorCode.InvalidNumberFormat]: 'a malformed number',
  [ParseErrorCode.PropertyNameExpected]: 'a property name (a double-quoted string) expected',
  [ParseErrorCode.ValueExpected]: 'a value expected',
  [ParseErrorCode.ColonExpected]: "':' expected",
  [ParseErrorCode.CommaExpected]: "',' expected",
  [ParseErrorCode.CloseBraceExpected]: "'}' expected",
  [ParseErrorCode.CloseBracketExpected]: "']' expected",
  [ParseErrorCode.EndOfFileExpected]: 'text after the JSON value',
  [ParseErrorCode.InvalidCommentToken]: 'comments are not JSON',
  [ParseErrorCode.UnexpectedEndOfComment]: 'comments are not JSON',
  [ParseErrorCode.UnexpectedEndOfString]: 'a string not closed',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'a number cut short',
  [ParseErrorCode.InvalidUnicode]: 'a malformed \\u escape',
  [ParseErrorCode.InvalidEscapeCharacter]: 'an invalid escape in a string',
  [ParseErrorCode.InvalidCharacter]: 'a control character in a string',
};

function locate(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/**
 * `JSON.parse(text)`; on a syntax error, a {@link JsonSyntaxError} at the first place a strict
 * JSON scanner (no comments, no trailing commas) stops.
 */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    const errors: ParseError[] = [];
    parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const empty = text.trim() === '';
    const first = empty ? undefined : errors[0];
    const offset = first?.offset ?? 0;
    const { line, column } = locate(text, offset);
    const reason = empty ? 'no JSON value (the text is empty)' : first ? (REASONS[first.error] ?? 'not valid JSON') : 'not valid JSON';
    throw new JsonSyntaxError(offset, line, column, reason);
  }
}
