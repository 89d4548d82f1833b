import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The stages depend one way: each top-level folder of src/ may use the folders below it and
 * never the other way round, so that a stage can be read, tested and changed on its own.
 * Root files are base utilities (diagnostics, files, units …) that import no folder, except the
 * ones that drive the stages — build.ts, cli.ts, and context.ts, which gathers what the stages
 * keep between builds (each stage asks only for the part it uses) — which count as nodes of their own.
 */
const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const DRIVERS = new Set(['build.ts', 'cli.ts', 'context.ts']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Relative module specifiers of a file: static imports and re-exports, import() and import('…').Type. */
function importsOf(text: string): string[] {
  const found = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.[^'"]+)['"]/gm)].map((m) => m[1]);
  return found.map((s) => s.replace(/\.js$/, '.ts'));
}

/** A file's place in the graph: its top-level folder, or the root file itself. */
const nodeOf = (file: string) => file.split('/')[0];

/** Imports between files as paths relative to src/, with `/` separators. */
function fileImports(): [string, string][] {
  return sourceFiles(SRC).flatMap((abs) => {
    const from = relative(SRC, abs).split(sep).join('/');
    return importsOf(readFileSync(abs, 'utf8')).map((spec): [string, string] => [from, posix.normalize(posix.join(posix.dirname(from), spec))]);
  });
}

/** Folder-level graph; an edge names one file import that makes it. */
function folderGraph(imports: readonly [string, string][]) {
  const graph = new Map<string, Map<string, string>>();
  for (const [from, to] of imports) {
    const [a, b] = [nodeOf(from), nodeOf(to)];
    if (a === b) continue;
    if (!graph.has(a)) graph.set(a, new Map());
    if (!graph.get(a)!.has(b)) graph.get(a)!.set(b, `${from} → ${to}`);
  }
  return graph;
}

/** Every cycle, once, from its smallest node: the nodes in order and the file imports behind its edges. */
function cycles(graph: Map<string, Map<string, string>>): string[] {
  const found: string[] = [];
  const visit = (path: string[], edges: string[]) => {
    for (const [next, edge] of graph.get(path[path.length - 1]) ?? []) {
      if (next === path[0]) found.push(`${[...path, next].join(' → ')}  (${[...edges, edge].join('; ')})`);
      else if (next > path[0] && !path.includes(next)) visit([...path, next], [...edges, edge]);
    }
  };
  for (const start of [...graph.keys()].sort()) visit([start], []);
  return found;
}

describe('architecture', () => {
  const imports = fileImports();

  it('finds the imports it judges', () => {
    // A parser that found nothing would pass every rule below.
    expect(imports.length).toBeGreaterThan(150);
    expect(imports).toContainEqual(['compose/paragraph.ts', 'compose/linebreak.ts']);
  });

  it('has no cycle between the folders of src/', () => {
    expect(cycles(folderGraph(imports))).toEqual([]);
  });

  it('keeps the base files at the root free of the stages', () => {
    const upward = imports.filter(([from, to]) => !from.includes('/') && !DRIVERS.has(from) && to.includes('/'));
    expect(upward).toEqual([]);
  });

  // A stage that imported build.ts would close a cycle through it, which the test above finds.
  it('imports cli.ts from nowhere', () => {
    expect(imports.filter(([, to]) => to === 'cli.ts')).toEqual([]);
  });

  it('names a cycle by its folders and the imports that make it', () => {
    const graph = folderGraph([
      ['shape/shape.ts', 'compose/char-class.ts'],
      ['compose/paragraph.ts', 'shape/shape.ts'],
      ['compose/paragraph.ts', 'fonts/font-set.ts'],
    ]);
    expect(cycles(graph)).toEqual(['compose → shape → compose  (compose/paragraph.ts → shape/shape.ts; shape/shape.ts → compose/char-class.ts)']);
  });
});
