/**
 * Input files as commands take them: a readable regular file, its kind chosen from the name and
 * the content, binary content shown as hex in errors (never as raw bytes).
 * @module
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { KernelSimError } from '../util/errors.js';

/** An input path that is not a file the command can read, or not of a kind it takes. */
export class InputFileError extends KernelSimError {
  constructor(readonly path: string, detail: string) {
    super(`${path}: ${detail}`);
  }
}

const ERRNO: Record<string, string> = { ENOENT: 'no such file', EACCES: 'permission denied', ENOTDIR: 'a folder on the path is a file', ELOOP: 'too many symbolic links' };

/** Throws {@link InputFileError} unless `path` is a readable regular file; `what` is what the command expects. */
export function requireFile(path: string, what: string): void {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    throw new InputFileError(path, ERRNO[code] ?? `cannot read it (${code})`);
  }
  if (st.isDirectory()) throw new InputFileError(path, `is a directory, not ${what}`);
  if (!st.isFile()) throw new InputFileError(path, `is not a regular file (${what} expected)`);
  try {
    closeSync(openSync(path, 'r'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    throw new InputFileError(path, ERRNO[code] ?? `cannot read it (${code})`);
  }
}

/** The first `n` bytes of a file. */
export function readHead(path: string, n = 4096): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const head = new Uint8Array(n);
    return head.subarray(0, readSync(fd, head, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}

/** True when `bytes` are not text: a NUL byte, or not valid UTF-8 (an incomplete last character is fine). */
export function isBinary(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, Math.max(0, bytes.length - 3)));
    return false;
  } catch {
    return true;
  }
}

/** Up to `n` bytes as hex pairs, e.g. `8f 3a 00 …`. */
export function hexPreview(bytes: Uint8Array, n = 8): string {
  const shown = Array.from(bytes.subarray(0, n), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > n ? `${shown} …` : shown;
}

/** Throws {@link InputFileError} when a file that should be text (`what`) is binary, naming its first bytes in hex. */
export function requireText(path: string, what: string): void {
  const head = readHead(path);
  if (isBinary(head)) throw new InputFileError(path, `is binary (starts ${hexPreview(head)}), not ${what}`);
}

/** The file name's extension, lower case, without the dot. */
export function extensionOf(path: string): string {
  return extname(path).slice(1).toLowerCase();
}

/** `text` with control characters and undecodable bytes as escapes, for one-line error messages. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd]/g, (c) => (c === '\ufffd' ? '\\ufffd' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}
