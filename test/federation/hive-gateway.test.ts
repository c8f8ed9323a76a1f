// Issue 17: the Hive Gateway and Mesh compose files docs/clients.md shows (examples/supergraph/), run as
// shown: `mesh-compose` composes the supergraph with mesh.config.ts, then `hive-gateway supergraph` runs
// in that folder (so with gateway.config.ts) in front of this gateway as a real process (`npm start`,
// ROUTER_SHARED_SECRET, client API keys, persisted operations only) and the onboarding subgraph.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/auth/api-keys.js';
import type { LogLine } from '../support/gateway-process.js';
import { startApplicationSubgraph } from './support/application-subgraph.js';
import { APP_KEY, ROUTER_SECRET } from './support/federation-stack.js';
import type { Listening } from './support/listen.js';
import {
  meshCompose,
  type RunningProcess,
  startGatewayProcess,
  startHiveGateway,
} from './support/supergraph-processes.js';
import { type RunThroughRouter, supergraphScenarios } from './support/supergraph-scenarios.js';

let idmobile: Awaited<ReturnType<typeof startGatewayProcess>>;
let onboarding: Listening;
let hive: RunningProcess;
let supergraph: string;
let folder: string;
beforeAll(async () => {
  idmobile = await startGatewayProcess({
    ROUTER_SHARED_SECRET: ROUTER_SECRET,
    GATEWAY_API_KEYS: `app:${hashApiKey(APP_KEY)}`,
    PERSISTED_OPERATIONS_FILE: 'test/generated/persisted-documents.json',
    PERSISTED_OPERATIONS_ONLY: 'true',
    // Upstream failures are provoked on purpose here; retries and the breaker are tested elsewhere.
    DQE_MAX_RETRIES: '0',
    DQE_BREAKER_THRESHOLD: '1000',
  });
  onboarding = await startApplicationSubgraph();
  supergraph = await meshCompose({ idmobile: idmobile.url, onboarding: onboarding.url });
  folder = await mkdtemp(join(tmpdir(), 'hive-'));
  await writeFile(join(folder, 'supergraph.graphql'), supergraph);
  hive = await startHiveGateway(join(folder, 'supergraph.graphql'), { ROUTER_SHARED_SECRET: ROUTER_SECRET });
}, 60_000);
afterAll(async () => {
  await hive?.stop();
  await onboarding?.close();
  await idmobile?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

interface Answer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}
const post = async (query: string, variables: object, headers: Record<string, string> = {}) => {
  const response = await fetch(hive.url, {
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
/** The gateway's audit line of the request the client sent with this x-request-id. */
const auditOf = (requestId: string) =>
  idmobile.logged((l: LogLine) => l.audit === 'matchIdentity' && l.requestId === requestId);

describe('hive-gateway with examples/supergraph/gateway.config.ts, composed by mesh.config.ts', () => {
  it('composes both subgraphs under the names the routers use, at the URLs given', () => {
    expect(supergraph).toContain(`@join__graph(name: "idmobile", url: "${idmobile.url}")`);
    expect(supergraph).toContain(`@join__graph(name: "onboarding", url: "${onboarding.url}")`);
  });

  describe('with the secret alone (no client credential): the router client', () => {
    supergraphScenarios(() => run);
  });

  it("passes a client's authorization: the match is that client's, a bad credential is refused", async () => {
    const matched = await post(MATCH, input, {
      authorization: `Bearer ${APP_KEY}`,
      'x-request-id': 'auth-1',
    });
    expect(matched.data?.matchIdentity).toMatchObject({ __typename: 'IdentityMatch', decision: 'ACCEPT' });
    expect((await auditOf('auth-1')).clientId).toBe('app');

    await post(MATCH, input, { 'x-request-id': 'auth-2' });
    expect((await auditOf('auth-2')).clientId).toBe('router');

    const headers = { authorization: 'Bearer idm_not-a-known-key', 'x-request-id': 'auth-3' };
    const refused = await post(MATCH, input, headers);
    expect(refused.data?.matchIdentity ?? null).toBeNull();
    expect(refused.errors?.length).toBeGreaterThan(0);
    await idmobile.logged((l) => l.requestId === 'auth-3' && l.reason === 'unknown-api-key');
  });

  it('passes Idempotency-Key: a repeat is replayed without a second DQE call', async () => {
    const headers = { authorization: `Bearer ${APP_KEY}`, 'idempotency-key': 'supergraph-replay-1' };
    const first = await post(MATCH, input, { ...headers, 'x-request-id': 'replay-1' });
    const repeat = await post(MATCH, input, { ...headers, 'x-request-id': 'replay-2' });
    expect(matchId(first)).toEqual(expect.any(String));
    expect(matchId(repeat)).toBe(matchId(first));
    expect(await auditOf('replay-1')).toMatchObject({ dqeCalled: true, matchId: matchId(first) });
    expect(await auditOf('replay-2')).toMatchObject({ dqeCalled: false, idempotentReplay: true });
  });

  // Hive Gateway also forwards x-request-id on its own (its `requestId` option, on by default); the line in
  // gateway.config.ts keeps it explicit, and is what Apollo Router's `propagate` does.
  it("passes x-request-id: the subgraph's audit line carries the client's id", async () => {
    const answer = await post(MATCH, input, { 'x-request-id': 'supergraph-trace-17' });
    expect((await auditOf('supergraph-trace-17')).matchId).toBe(matchId(answer));
  });

  it('serves the composed schema: both subgraphs, our names and their generic Error side by side', async () => {
    const answer = await post('{ __schema { types { name } } }', {});
    const schema = answer.data?.__schema as { types: { name: string }[] } | undefined;
    const names = schema?.types.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['Application', 'Error', 'MatchIdentityResult']));
  });
});
