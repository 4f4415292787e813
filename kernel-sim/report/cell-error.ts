import type { ErrorOutput } from './nbformat.js';

/**
 * tslab sends no `error` message for a failing cell: it prints the exception or the
 * TypeScript diagnostics to stderr and replies `status: error`. These helpers turn that
 * stderr text into the ename/evalue/traceback of an nbformat error output.
 */

const ERROR_LINE = /^((?:[A-Za-z_$][\w$.]*)?(?:Error|Exception|Panic|Fault|Violation)[\w$]*)(?: \[[^\]]*\])?: ?(.*)$/;
const DIAGNOSTIC_LINE = /^(?:\S+ )?\d+:\d+ - (.*)$/;
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/** The error output for a cell whose reply was `error`, from the cell's stderr text. */
export function errorFromStderr(stderr: string): ErrorOutput {
  const text = stderr.replace(ANSI, '');
  const lines = text.split('\n').map((l) => l.trimEnd());
  const traceback = lines.filter((l, i) => l !== '' || i < lines.length - 1);
  // Last unindented "SomethingError: message" line: the thrown error follows any earlier output.
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = ERROR_LINE.exec(lines[i] ?? '');
    if (m) return { output_type: 'error', ename: m[1] ?? 'Error', evalue: m[2] ?? '', traceback };
  }
  const diagnostics = lines.map((l) => DIAGNOSTIC_LINE.exec(l)).filter((m): m is RegExpExecArray => m !== null);
  if (diagnostics.length > 0) {
    return {
      output_type: 'error',
      ename: 'TypeScriptError',
      evalue: diagnostics.map((m) => m[0]).join('\n'),
      traceback,
    };
  }
  const first = lines.find((l) => l.trim() !== '');
  return { output_type: 'error', ename: 'Error', evalue: first ?? 'the cell failed without a message', traceback };
}
