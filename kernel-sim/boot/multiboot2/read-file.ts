import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { checkMbiHeader, MBI_HEADER_BYTES, parseMultiboot2 } from './parse.js';
import type { MultibootInfo } from './tags.js';

/**
 * Reads and parses an MBI file. The header is checked against the file's size before the rest
 * is read, so a header claiming more bytes than the file has is refused without allocating them.
 */
export function readMbiFile(path: string): { info: MultibootInfo; bytes: Uint8Array } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const header = new Uint8Array(Math.min(size, MBI_HEADER_BYTES));
    readSync(fd, header, 0, header.length, 0);
    checkMbiHeader(header, size);
    const bytes = new Uint8Array(size);
    readSync(fd, bytes, 0, size, 0);
    return { info: parseMultiboot2(bytes), bytes };
  } finally {
    closeSync(fd);
  }
}
