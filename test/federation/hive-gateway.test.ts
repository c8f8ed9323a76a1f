// Issue 17 item "supergraph": the Hive Gateway and Mesh compose files docs/clients.md shows
// (examples/supergraph/), run as shown: `mesh-compose` composes the supergraph with mesh.config.ts, then
// Hive Gateway runs with gateway.config.ts's `gatewayConfig` in front of our gateway (ROUTER_SHARED_SECRET,
// client API keys, persisted operations only) on a loopback socket.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hashApiKey } from '../../src/auth/api-keys.js';
import {
  APP_KEY,
  type FederationStack,
  ROUTER_SECRET,
  startFederationStack,
} from './support/federation-stack.js';
import { type RunThroughRouter, supergraphScenarios } from './support/supergraph-scenarios.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/supergraph/', import.meta.url));
const MESH_COMPOSE = fileURLToPath(new URL('../../node_modules/.bin/mesh-compose', import.meta.url));
const OTHER_KEY = 'idm_federation-other-app-key';

let stack: FederationStack;
let hive: GatewayRuntime;
let supergraph: string;
let exampleOptions: string[];
beforeAll(async () => {
  stack = await startFederationStack({
    GATEWAY_API_KEYS: `app:${hashApiKey(APP_KEY)},other:${hashApiKey(OTHER_KEY)}`,
  });
  // `npx mesh-compose -o supergraph.graphql`, run in the example's folder, the subgraphs' URLs given.
  const out = await mkdtemp(join(tmpdir(), 'supergraph-'));
  try {
    await promisify(execFile)(MESH_COMPOSE, ['-o', join(out, 'supergraph.graphql')], {
      cwd: EXAMPLE,
      env: { ...process.env, IDMOBILE_URL: stack.idmobile.url, ONBOARDING_URL: stack.applications.url },
    });
    supergraph = await readFile(join(out, 'supergraph.graphql'), 'utf8');
  } finally {
    await rm(out, { recursive: true, force: true });
  }
  // gateway.config.ts reads the secret from the environment when it loads, as `hive-gateway` loads it.
  vi.stubEnv('ROUTER_SHARED_SECRET', ROUTER_SECRET);
  const { gatewayConfig } = await import('../../examples/supergraph/gateway.config.js');
  vi.unstubAllEnvs();
  // The example's config, its `supergraph` file path replaced by the file's content. (The CLI's config
  // type is not the runtime's, so its options are passed by name: a test below checks there are no others.)
  exampleOptions = Object.keys(gatewayConfig);
  hive = createGatewayRuntime({
    supergraph,
    propagateHeaders: gatewayConfig.propagateHeaders,
    logging: false,
  });
});
afterAll(async () => {
  await hive?.dispose();
  await stack?.close();
});

interface Answer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}
const post = async (query: string, variables: object, headers: Record<string, string> = {}) => {
  const response = await hive.fetch('http://hive.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Answer;
};
const run: RunThroughRouter = (query, variables) => post(query, variables ?? {});

const MATCH = /* GraphQL */ `
  mutation MatchThroughHive($input: MatchIdentityInput!) {
    matchIdentity(input: $input) { __typename ... on IdentityMatch { id decision } }
  }
`;
const input = { input: { phoneNumber: '+33600000000', userInfos: { lastName: 'Martin' } } };
const matchId = (answer: Answer) => (answer.data?.matchIdentity as { id?: string } | undefined)?.id;
const auditLines = (from: number) =>
  stack.harness
    .logs()
    .slice(from)
    .filter((line) => line.audit === 'matchIdentity');

describe('Hive Gateway with examples/supergraph/gateway.config.ts, composed by mesh.config.ts', () => {
  it("runs every option of the example's gatewayConfig", () => {
    expect(exampleOptions.sort()).toEqual(['propagateHeaders', 'supergraph']);
  });

  it('composes both subgraphs under the names and URLs the routers use', () => {
    expect(supergraph).toContain(`@join__graph(name: "idmobile", url: "${stack.idmobile.url}")`);
    expect(supergraph).toContain(`@join__graph(name: "onboarding", url: "${stack.applications.url}")`);
  });

  describe('with the secret alone (no client credential): the router client', () => {
    supergraphScenarios(() => run);
  });

  it("passes a client's authorization: the match is that client's, a bad credential is refused", async () => {
    const from = stack.harness.logLines.length;
    const matched = await post(MATCH, input, { authorization: `Bearer ${APP_KEY}` });
    expect(matched.data?.matchIdentity).toMatchObject({ __typename: 'IdentityMatch', decision: 'ACCEPT' });
    const alone = await post(MATCH, input);
    expect(alone.data?.matchIdentity).toMatchObject({ __typename: 'IdentityMatch' });
    expect(auditLines(from).map((line) => line.clientId)).toEqual(['app', 'router']);

    const dqeCalls = stack.harness.sandbox.matchRequests();
    const refused = await post(MATCH, input, { authorization: 'Bearer idm_not-a-known-key' });
    expect(refused.data?.matchIdentity ?? null).toBeNull();
    expect(refused.errors?.length).toBeGreaterThan(0);
    expect(stack.harness.sandbox.matchRequests()).toBe(dqeCalls);
  });

  it('passes Idempotency-Key: a repeat is replayed, DQE is called once', async () => {
    const headers = { authorization: `Bearer ${APP_KEY}`, 'idempotency-key': 'supergraph-replay-1' };
    const before = stack.harness.sandbox.matchRequests();
    const first = await post(MATCH, input, headers);
    const repeat = await post(MATCH, input, headers);
    expect(matchId(first)).toEqual(expect.any(String));
    expect(matchId(repeat)).toBe(matchId(first));
    expect(stack.harness.sandbox.matchRequests()).toBe(before + 1);
  });

  // Hive Gateway also forwards x-request-id on its own (its `requestId` option, on by default); the line in
  // gateway.config.ts keeps it explicit, and is what Apollo Router's `propagate` does.
  it("passes x-request-id: the subgraph's audit line carries the client's id", async () => {
    const from = stack.harness.logLines.length;
    await post(MATCH, input, { authorization: `Bearer ${APP_KEY}`, 'x-request-id': 'supergraph-trace-17' });
    expect(auditLines(from)).toEqual([expect.objectContaining({ requestId: 'supergraph-trace-17' })]);
  });

  it('serves the composed schema: both subgraphs, our names and their generic Error side by side', async () => {
    const schema = await hive.getSchema();
    expect(schema.getMutationType()?.getFields()).toHaveProperty('matchIdentity');
    expect(schema.getQueryType()?.getFields()).toHaveProperty('application');
    expect(schema.getType('Error')).toBeDefined();
    expect(schema.getType('MatchIdentityResult')).toBeDefined();
  });
});
