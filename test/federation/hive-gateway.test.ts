import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FederationStack, ROUTER_HEADERS, startFederationStack } from './support/federation-stack.js';
import { type RunThroughRouter, supergraphScenarios } from './support/supergraph-scenarios.js';

let stack: FederationStack;
let hive: GatewayRuntime;
beforeAll(async () => {
  stack = await startFederationStack();
  hive = createGatewayRuntime({
    supergraph: stack.supergraphSdl,
    // Hive's own HTTP transport (@graphql-mesh/transport-http); the router's shared secret on every
    // subgraph request, as `propagateHeaders` does in a gateway.config.ts.
    propagateHeaders: { fromClientToSubgraphs: () => ROUTER_HEADERS },
    logging: false,
  });
});
afterAll(async () => {
  await hive?.dispose();
  await stack?.close();
});

const run: RunThroughRouter = async (query, variables) => {
  const response = await hive.fetch('http://hive.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Awaited<ReturnType<RunThroughRouter>>;
};

describe('through Hive Gateway (createGatewayRuntime with the composed supergraph)', () => {
  supergraphScenarios(() => run);

  it('serves the composed schema: both subgraphs, our names and their generic Error side by side', async () => {
    const schema = await hive.getSchema();
    expect(schema.getMutationType()?.getFields()).toHaveProperty('matchIdentity');
    expect(schema.getQueryType()?.getFields()).toHaveProperty('application');
    expect(schema.getType('Error')).toBeDefined();
    expect(schema.getType('MatchIdentityResult')).toBeDefined();
  });
});
