import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// Relative imports only (type imports too: a cycle of types is still a cycle a reader has to untangle).
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const IMPORT = /(?:import|export)[^'";]*?from\s+'(\.[^']+)'/g;

function importGraph(): Map<string, string[]> {
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  return new Map(
    files.map((file) => {
      const text = readFileSync(join(SRC, file), 'utf8');
      const targets = [...text.matchAll(IMPORT)].map((m) =>
        relative(SRC, normalize(join(SRC, dirname(file), m[1]!.replace(/\.js$/, '.ts')))),
      );
      return [file, targets];
    }),
  );
}

function cycles(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  const done = new Set<string>();
  const visit = (file: string, path: string[]) => {
    if (path.includes(file)) {
      found.push([...path.slice(path.indexOf(file)), file].join(' → '));
      return;
    }
    if (done.has(file)) return;
    for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
    done.add(file);
  };
  for (const file of graph.keys()) visit(file, []);
  return found;
}

it('src/ has no import cycle (context.ts imports no resolver file)', () => {
  expect(cycles(importGraph())).toEqual([]);
});
