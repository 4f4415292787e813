import { describe, expect, it } from 'vitest';
import { errorFromStderr } from '../../kernel-sim/report/index.js';

describe('errorFromStderr (tslab prints failures to stderr)', () => {
  it('finds a thrown error below the source excerpt', () => {
    const text = 'evalmachine.<anonymous>:2\nthrow new Error("boom");\n^\n\nError: boom\n    at evalmachine.<anonymous>:2:7\n';
    const e = errorFromStderr(text);
    expect([e.ename, e.evalue]).toEqual(['Error', 'boom']);
    expect(e.traceback).toContain('Error: boom');
  });

  it('keeps custom error names such as KernelPanic', () => {
    const e = errorFromStderr('warning: x\nKernelPanic: alloc: order 12 too large\n    at f (a.ts:1:1) {\n  fn: \'alloc\'\n}\n');
    expect([e.ename, e.evalue]).toEqual(['KernelPanic', 'alloc: order 12 too large']);
  });

  it('reports TypeScript diagnostics', () => {
    const e = errorFromStderr("1:5 - Type 'number' is not assignable to type 'string'.\n");
    expect(e.ename).toBe('TypeScriptError');
    expect(e.evalue).toContain("Type 'number'");
  });

  it('falls back to the first line for anything else', () => {
    expect(errorFromStderr('something odd\n').evalue).toBe('something odd');
    expect(errorFromStderr('').evalue).toMatch(/without a message/);
  });
});
