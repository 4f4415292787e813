import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMultiboot2, MultibootBuildError, MultibootError, parseMultiboot2, readMbiFile } from '../../kernel-sim/boot/index.js';

const real = new Uint8Array(readFileSync('datasets/mbi/q35-4G.mbi'));

function tagOffset(bytes: Uint8Array, type: number): number {
  return parseMultiboot2(bytes).tags.find((t) => t.type === type)!.offset!;
}

function damaged(f: (d: Uint8Array, v: DataView) => Uint8Array | void): Uint8Array {
  const d = real.slice();
  return f(d, new DataView(d.buffer)) ?? d;
}

function errorOf(bytes: Uint8Array): MultibootError {
  try {
    parseMultiboot2(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(MultibootError);
    return e as MultibootError;
  }
  throw new Error('parsed without error');
}

const mmapAt = tagOffset(real, 6);

describe('malformed MBIs give typed errors naming the byte offset', () => {
  it.each([
    ['a header cut short', damaged((d) => d.slice(0, 5)), 'truncated-header', 5],
    ['total_size below header + end tag', damaged((_, v) => v.setUint32(0, 8, true)), 'total-size-too-small', 0],
    ['total_size beyond the data', damaged((_, v) => v.setUint32(0, real.length + 8, true)), 'total-size-exceeds-data', 0],
    ['data beyond total_size', damaged((d) => new Uint8Array([...d, 0, 0, 0, 0, 0, 0, 0, 0])), 'trailing-bytes', real.length],
    ['a tag smaller than its header', damaged((_, v) => v.setUint32(12, 7, true)), 'tag-too-small', 12],
    ['a tag running past total_size', damaged((_, v) => v.setUint32(mmapAt + 4, real.length, true)), 'tag-overruns', mmapAt + 4],
    ['entry_size too small', damaged((_, v) => v.setUint32(mmapAt + 8, 20, true)), 'entry-size-too-small', mmapAt + 8],
    ['a zero-length memory-map entry', damaged((_, v) => v.setBigUint64(mmapAt + 16 + 24 + 8, 0n, true)), 'zero-length-entry', mmapAt + 16 + 24 + 8],
    ['an entry past 2^64', damaged((_, v) => v.setBigUint64(mmapAt + 16, 0xffff_ffff_ffff_0000n, true)), 'entry-overflows', mmapAt + 16],
    ['a missing end tag', damaged((d) => { const e = d.slice(0, d.length - 8); new DataView(e.buffer).setUint32(0, e.length, true); return e; }), 'missing-end-tag', real.length - 8],
    ['an end tag of the wrong size', damaged((d, v) => v.setUint32(d.length - 4, 16, true)), 'tag-overruns', real.length - 4],
  ])('%s', (_what, bytes, code, offset) => {
    const e = errorOf(bytes);
    expect(e.code).toBe(code);
    expect(e.offset).toBe(offset);
    expect(e.message).toContain(`offset ${offset}`);
  });

  it('a memory-map tag whose size leaves part of an entry is refused at the leftover', () => {
    const bytes = damaged((_, v) => v.setUint32(mmapAt + 4, v.getUint32(mmapAt + 4, true) - 4, true));
    const e = errorOf(bytes);
    expect(['partial-entry', 'tag-too-small', 'tag-overruns']).toContain(e.code);
  });

  it('a string without its NUL is refused', () => {
    const cmd = tagOffset(real, 1);
    const bytes = damaged((d, v) => {
      const size = v.getUint32(cmd + 4, true);
      d[cmd + size - 1] = 0x41;
    });
    const e = errorOf(bytes);
    expect(e.code).toBe('unterminated-string');
    expect(e.offset).toBe(cmd + 8);
  });

  it('a file whose header claims 4 GiB is refused before the data is read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ks-mbi-'));
    const path = join(dir, 'huge.mbi');
    writeFileSync(path, damaged((_, v) => v.setUint32(0, 0xffff_fff8, true)));
    expect(() => readMbiFile(path)).toThrowError(/total_size 4294967288 exceeds the \d+ bytes given/);
  });

  it('building refuses a field that does not fit its width', () => {
    const info = parseMultiboot2(real);
    const tags = info.tags.map((t) => (t.type === 4 ? { ...t, memLower: 2 ** 32 } : t));
    expect(() => buildMultiboot2({ ...info, tags })).toThrowError(MultibootBuildError);
  });
});
