import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLES = join(ROOT, 'examples');

/** Lines without their common indentation (blank lines ignored), trailing spaces dropped. */
function dedent(lines: string[]): string {
  const trimmed = lines.map((line) => line.trimEnd());
  const indents = trimmed.filter((l) => l !== '').map((l) => l.length - l.trimStart().length);
  const cut = Math.min(...indents);
  return trimmed.map((l) => l.slice(cut)).join('\n');
}

/** Every ```ts block of a Markdown file, with its line number. */
function tsBlocks(markdown: string): { line: number; lines: string[] }[] {
  const blocks: { line: number; lines: string[] }[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```ts\s*$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.findIndex((l, k) => k > i && l.trim() === '```');
    blocks.push({ line: i + 1, lines: lines.slice(i + 1, end) });
    i = end;
  }
  return blocks;
}

async function exampleFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.(ts|mts|tsx)$/.test(e.name) && !e.parentPath.includes('node_modules'))
    .filter((e) => !e.parentPath.split(/[\\/]/).includes('dist'))
    .map((e) => join(e.parentPath, e.name));
}

/** The example file (relative to the repository) holding the block as a contiguous run of lines, if any. */
function sourceOf(block: string[], files: Map<string, string[]>): string | undefined {
  const wanted = dedent(block);
  for (const [path, lines] of files) {
    for (let start = 0; start + block.length <= lines.length; start++) {
      if (lines[start]!.trim() !== block[0]!.trim()) continue;
      if (dedent(lines.slice(start, start + block.length)) === wanted) return path;
    }
  }
  return undefined;
}

/**
 * docs/clients.md shows only TypeScript that compiles and runs: every ```ts block is a contiguous run of
 * lines (indentation aside) of a file under examples/, which the other tests in test/clients type-check
 * and run against a real gateway.
 */
describe('docs/clients.md: every ```ts block is taken from examples/', async () => {
  const markdown = await readFile(join(ROOT, 'docs/clients.md'), 'utf8');
  const files = new Map<string, string[]>();
  for (const file of await exampleFiles(EXAMPLES)) {
    files.set(relative(ROOT, file), (await readFile(file, 'utf8')).split('\n'));
  }
  const blocks = tsBlocks(markdown);

  it('has TypeScript blocks to check', () => {
    expect(blocks.length).toBeGreaterThan(10);
  });

  const cases = blocks.map((b) => [b.line, b.lines.find((l) => l.trim())?.trim() ?? '', b.lines] as const);
  it.each(cases)('the block at line %i (%s)', (_line, _first, lines) => {
    expect(sourceOf(lines, files), 'not found verbatim in any file under examples/').toBeDefined();
  });
});
