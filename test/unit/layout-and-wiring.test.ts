import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/observability/logger.js';
import { createGateway } from '../../src/server.js';

// Issue 15 item 14: the README's layout and server.ts had drifted from the code.

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const readme = read('README.md');
const layout = /## Layout\n\n```\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';

/** The entries listed under `src/` (two-space indent; continuation lines are indented further). */
const srcEntries = () => {
  const block = /^src\/\n((?: {2}.*\n)+)/m.exec(layout)?.[1] ?? '';
  return [...block.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]!);
};

describe('README "Layout"', () => {
  it('lists only what exists under src/, and every top-level entry of src/', () => {
    const listed = srcEntries();
    expect(listed.length).toBeGreaterThan(10);
    for (const entry of listed) expect(existsSync(new URL(`src/${entry}`, root)), entry).toBe(true);
    const actual = readdirSync(new URL('src/', root), { withFileTypes: true }).map((d) =>
      d.isDirectory() ? `${d.name}/` : d.name,
    );
    expect([...actual].sort()).toEqual([...listed].sort());
  });

  it('names every page in docs/', () => {
    const docs = /^docs\/\s+(.*)$/m.exec(layout)?.[1] ?? '';
    for (const page of readdirSync(new URL('docs/', root))) expect(docs).toContain(page);
  });
});

describe('src/server.ts wires, and only through interfaces', () => {
  const server = read('src/server.ts');

  it('has no leftover region markers', () => {
    expect(server).not.toMatch(/^\s*\/\/ ---/m);
  });

  it('does not know the Prometheus implementation of GatewayMetrics', () => {
    expect(server).not.toContain('PrometheusMetrics');
  });
});

it('createGateway wires the Yoga plugins any GatewayMetrics brings, with METRICS_TOKEN', async () => {
  const loaded = loadConfig({ METRICS_TOKEN: 'scrape-token' });
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  const tokens: (string | undefined)[] = [];
  const metrics = {
    rateLimited() {},
    yogaPlugins: ({ token }: { token: string | undefined }) => {
      tokens.push(token);
      return [
        {
          onRequest({ url, endResponse }: { url: URL; endResponse: (response: Response) => void }) {
            if (url.pathname === '/other-metrics') endResponse(new Response('from the fake'));
          },
        },
      ];
    },
  };
  const gateway = createGateway(loaded.config, {
    dqe: { matchWithoutOtp: async () => ({}) as never },
    logger: createLogger({ level: 'silent' }),
    sandbox: true,
    metrics,
  });
  expect(await (await gateway.fetch('http://gateway.test/other-metrics')).text()).toBe('from the fake');
  expect(tokens).toEqual(['scrape-token']);
});
