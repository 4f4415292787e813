import { describe, expect, it } from 'vitest';
import { bootKernel } from '../../../kernel-sim/kernel/index.js';
import { U32, U64, VmReader, VmWriter } from '../../../kernel-sim/mm/io/index.js';
import { UseAfterDropError } from '../../../kernel-sim/mm/page/index.js';

const boot = () => bootKernel('datasets/mbi/q35-128M.mbi', { check: true });

// Issue 12, bug 2: a reader or writer borrows its handle; after the drop it refuses every access.
describe('VmReader / VmWriter borrow the handle they came from', () => {
  it('a Frame reader used after the drop refuses instead of reading the next owner\'s data', () => {
    const k = boot();
    const f = k.frames.allocSingle()!;
    const pa = f.startPaddr();
    const r = f.reader();
    const w = f.writer();
    f.drop();
    const g = k.frames.allocSingle()!;
    expect(g.startPaddr()).toBe(pa); // the next owner got the same frame
    g.writeVal(0, U64, 0x1122334455667788n);
    expect(() => r.readVal(U64)).toThrowError(UseAfterDropError);
    expect(() => r.read(VmWriter.fromBytes(new Uint8Array(8)))).toThrowError(UseAfterDropError);
    expect(() => w.writeVal(U32, 7)).toThrowError(UseAfterDropError);
    expect(() => w.write(VmReader.fromBytes(new Uint8Array(8)))).toThrowError(UseAfterDropError);
    expect(() => w.fill(U32, 0)).toThrowError(UseAfterDropError);
    expect(g.readVal(0, U64)).toBe(0x1122334455667788n); // the new owner's data untouched
    expect(r.remain()).toBe(4096); // the refused reads did not move the cursor
    g.drop();
    expect(k.checkAll().flatMap((t) => t.violations)).toEqual([]);
  });

  it('a Segment writer stops at the drop; a live clone keeps its own reader working', () => {
    const k = boot();
    const s = k.frames.allocContiguous(2)!;
    const c = s.clone();
    const w = s.writer();
    const r = c.reader();
    w.writeVal(U32, 5);
    s.drop();
    expect(() => w.writeVal(U32, 6)).toThrowError(UseAfterDropError);
    expect(r.readVal(U32)).toBe(5);
    c.drop();
    expect(() => r.readVal(U32)).toThrowError(UseAfterDropError);
  });
});
