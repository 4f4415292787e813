import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// tslab compiles notebook imports to CommonJS and its module loader recurses forever on an
// import cycle between files; type-only imports vanish in that compilation and do not count.
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function runtimeImports(file: string): string[] {
  const out = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  return [...out.matchAll(/require\("(\.[^"]+)"\)/g)].map((m) => normalize(join(dirname(file), m[1]!.replace(/\.js$/, '.ts'))));
}

describe('kernel-sim modules', () => {
  it('have no runtime import cycle', () => {
    const files = sources('kernel-sim');
    const edges = new Map(files.map((f) => [normalize(f), runtimeImports(f)]));
    const cycles: string[] = [];
    const state = new Map<string, 1 | 2>();
    const stack: string[] = [];
    const visit = (f: string): void => {
      state.set(f, 1);
      stack.push(f);
      for (const g of edges.get(f) ?? []) {
        if (!edges.has(g)) continue;
        if (state.get(g) === 1) cycles.push([...stack.slice(stack.indexOf(g)), g].join(' -> '));
        else if (!state.has(g)) visit(g);
      }
      stack.pop();
      state.set(f, 2);
    };
    for (const f of edges.keys()) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
    expect(edges.size).toBeGreaterThan(100);
  });
});
