import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { init, parse } from 'es-module-lexer';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../cli/compiled-cli.js';

// Notebooks and scripts load the compiled package (dist/); a runtime import cycle between its
// files is what tslab's loader recursed on forever. The compiled JavaScript is the runtime
// graph exactly: type-only imports are gone from it.
beforeAll(async () => {
  ensureBuilt();
  await init;
});

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

// The compiled file of each source (dist/ may still hold files of deleted sources: not walked).
function compiledOf(source: string): string {
  return join('dist', relative('kernel-sim', source)).replace(/\.ts$/, '.js');
}

function runtimeImports(file: string): string[] {
  const [imports] = parse(readFileSync(file, 'utf8'), file);
  return imports.flatMap((i) => (i.n !== undefined && i.n.startsWith('.') ? [normalize(join(dirname(file), i.n))] : []));
}

describe('kernel-sim modules', () => {
  it('have no runtime import cycle', () => {
    const files = sources('kernel-sim').map(compiledOf);
    expect(files.filter((f) => !existsSync(f))).toEqual([]);
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
    // The graph is real: the package's entry re-exports its layers.
    expect(edges.get(normalize('dist/index.js'))).toEqual(['kernel/index.js', 'bugs/index.js', 'util/errors.js'].map((f) => normalize(join('dist', f))));
  });
});
