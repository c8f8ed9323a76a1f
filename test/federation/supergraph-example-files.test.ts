// Issue 17: the supergraph section of docs/clients.md shows examples/supergraph/ verbatim, its TypeScript
// compiles, and the files Apollo's tools would read (no Rover or Router binary here) agree with the
// gateway: subgraph name, routing URL, the headers the Hive Gateway config sends.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { gatewayConfig } from '../../examples/supergraph/gateway.config.js';
import { ROUTER_SECRET_HEADER } from '../../src/auth/router-secret.js';
import { readRouterYaml } from './support/router-yaml.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLE = resolve(ROOT, 'examples/supergraph');
const read = (path: string) => readFileSync(resolve(ROOT, path), 'utf8');

/** The fenced blocks of the section "Adding the gateway to a supergraph", subsections included. */
function supergraphSectionBlocks(): { lang: string; text: string }[] {
  const docs = read('docs/clients.md');
  const start = docs.indexOf('\n## Adding the gateway to a supergraph');
  const end = docs.indexOf('\n## ', start + 1);
  const section = docs.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, text: m[2]! }));
}

interface SupergraphYaml {
  federation_version: number | string;
  subgraphs: Record<string, { routing_url: string; schema: { file: string } }>;
}

describe('the supergraph files of docs/clients.md', () => {
  it('every ts, yaml and graphql block of the section is a file of examples/supergraph/, verbatim', () => {
    const files = readdirSync(EXAMPLE).map((name) => readFileSync(resolve(EXAMPLE, name), 'utf8'));
    const blocks = supergraphSectionBlocks().filter((b) => ['ts', 'yaml', 'graphql'].includes(b.lang));
    expect(blocks.map((b) => b.lang).sort()).toEqual(['graphql', 'ts', 'ts', 'yaml', 'yaml']);
    for (const block of blocks) {
      expect(
        files.some((file) => file.includes(block.text)),
        block.text.slice(0, 200),
      ).toBe(true);
    }
  });

  it('gateway.config.ts and mesh.config.ts type-check', async () => {
    const tsc = resolve(ROOT, 'node_modules/.bin/tsc');
    await expect(
      promisify(execFile)(tsc, ['-p', resolve(EXAMPLE, 'tsconfig.json')], { cwd: ROOT }),
    ).resolves.toBeDefined();
  }, 60_000);

  it("supergraph.yaml composes (@apollo/composition, Rover's library) from its subgraph files", () => {
    const config = parseYaml(read('examples/supergraph/supergraph.yaml')) as SupergraphYaml;
    const idmobile = config.subgraphs.idmobile;
    expect(idmobile, 'the subgraph name the routers refer to').toBeDefined();
    expect(resolve(EXAMPLE, idmobile!.schema.file)).toBe(resolve(ROOT, 'schema/schema.graphql'));
    for (const subgraph of Object.values(config.subgraphs)) {
      expect(new URL(subgraph.routing_url).pathname).toBe('/graphql');
    }
    const composed = composeServices(
      Object.entries(config.subgraphs).map(([name, subgraph]) => ({
        name,
        url: subgraph.routing_url,
        typeDefs: parse(readFileSync(resolve(EXAMPLE, subgraph.schema.file), 'utf8')),
      })),
    );
    expect(composed.errors).toBeUndefined();
    expect(composed.supergraphSdl).toContain('@join__graph(name: "idmobile"');
  });

  it('router.yaml sends the idmobile subgraph the same headers as gateway.config.ts', async () => {
    const config = readRouterYaml();
    expect(Object.keys(config.headers.subgraphs)).toEqual(['idmobile']);
    const rules = config.headers.subgraphs.idmobile!.request;
    const inserted = rules.flatMap((rule) => ('insert' in rule ? [rule.insert] : []));
    // Router's own expansion syntax, read from the environment the router runs in.
    const fromEnv = ['$', '{env.ROUTER_SHARED_SECRET}'].join('');
    expect(inserted).toEqual([{ name: ROUTER_SECRET_HEADER, value: fromEnv }]);
    const propagated = rules.flatMap((rule) => ('propagate' in rule ? [rule.propagate.named] : []));

    // What the Hive Gateway config sends for a client request carrying every header.
    const request = new Request('http://hive.test/graphql', {
      headers: {
        authorization: 'Bearer token',
        'idempotency-key': 'k',
        'x-request-id': 'r',
        'x-api-key': 'never both',
      },
    });
    const propagate = gatewayConfig.propagateHeaders?.fromClientToSubgraphs;
    type Payload = Parameters<NonNullable<typeof propagate>>[0];
    const sent = await propagate?.({ request, subgraphName: 'idmobile' } as Payload);
    expect(Object.keys(sent ?? {}).sort()).toEqual([ROUTER_SECRET_HEADER, ...propagated].sort());
    expect(await propagate?.({ request, subgraphName: 'onboarding' } as Payload)).toBeUndefined();
  });
});
