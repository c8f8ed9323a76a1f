/**
 * The blocks of docs/clients.md that are not TypeScript (docs-snippets.test.ts checks those): the GraphQL
 * documents are the examples' own files, the HTTP and JSON answers are what a real gateway answers, and
 * the packages the `npm i` lines name are the ones the examples' package.json declares, at the versions
 * this repository installs and tests.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/gateway-harness.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const markdown = readFileSync(join(ROOT, 'docs/clients.md'), 'utf8');

/** The fenced blocks of one language, with the line they start at. */
function blocks(language: string): { line: number; text: string }[] {
  const found: { line: number; text: string }[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== `\`\`\`${language}`) continue;
    const end = lines.findIndex((l, k) => k > i && l.trim() === '```');
    found.push({ line: i + 1, text: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return found;
}

const examplesPackage = JSON.parse(readFileSync(join(ROOT, 'examples/clients/package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const rootPackage = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

describe('```graphql blocks', () => {
  const graphqlFiles = readdirSync(join(ROOT, 'examples'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.graphql'))
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'));

  it.each(blocks('graphql').map((b) => [b.line, b.text] as const))(
    'the block at line %i is a file under examples/',
    (_line, text) => {
      expect(graphqlFiles.some((file) => file.includes(text))).toBe(true);
    },
  );
});

describe('```sh blocks: npm i', () => {
  const installs = blocks('sh').flatMap((b) =>
    b.text
      .split('\n')
      .filter((line) => /^npm i\b/.test(line))
      .map((line) => ({
        dev: / -D\b/.test(line),
        packages: line
          .split(/\s+/)
          .slice(2)
          .filter((w) => !w.startsWith('-')),
      })),
  );

  it('names packages', () => {
    expect(installs.flatMap((i) => i.packages).length).toBeGreaterThan(2);
  });

  it('names what the examples declare, as dependencies or devDependencies as the line says', () => {
    for (const { dev, packages } of installs) {
      const declared = dev ? examplesPackage.devDependencies : examplesPackage.dependencies;
      for (const name of packages) expect(Object.keys(declared), name).toContain(name);
    }
  });

  it('the examples declare the versions this repository installs and tests', () => {
    const installed = { ...rootPackage.dependencies, ...rootPackage.devDependencies };
    for (const [name, range] of Object.entries({
      ...examplesPackage.dependencies,
      ...examplesPackage.devDependencies,
    })) {
      expect(installed[name], name).toBe(range);
    }
  });
});

describe('answers shown as ```http and ```json are what the gateway answers', () => {
  const apiKey = 'docs-snippets-key-5b1f0e9a';
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: { GATEWAY_API_KEYS: `docs:${createHash('sha256').update(apiKey).digest('hex')}` },
    });
  });
  afterAll(() => h.close());

  it('the 401 (```http)', async () => {
    const [shown] = blocks('http');
    const [statusLine, header, , body] = shown!.text.split('\n');
    const response = await h.post({ query: '{ matchingCapabilities { sandbox } }' });
    expect(`HTTP/1.1 ${response.status} Unauthorized`).toBe(statusLine);
    const [name, value] = header!.split(': ');
    expect(response.headers.get(name!)).toBe(value);
    expect(await response.json()).toEqual(JSON.parse(body!));
  });

  it('the BAD_USER_INPUT error (```json)', async () => {
    const [shown] = blocks('json');
    const response = await h.post(
      {
        query: 'mutation M($input: MatchIdentityInput!) { matchIdentity(input: $input) { __typename } }',
        variables: { input: { phoneNumber: '+33600000000', userInfos: { birthdate: '1990-02-30' } } },
      },
      { 'x-api-key': apiKey },
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { locations?: unknown }[] };
    // Locations point into the document sent, which the snippet does not show.
    for (const error of body.errors) delete error.locations;
    expect(body).toEqual(JSON.parse(shown!.text));
  });
});
