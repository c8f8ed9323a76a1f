import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { type DocumentNode, type ExecutionResult, print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FederationStack, ROUTER_HEADERS, startFederationStack } from './support/federation-stack.js';
import { type RunThroughRouter, supergraphScenarios } from './support/supergraph-scenarios.js';

interface SubgraphRequest {
  document: DocumentNode;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/**
 * Hive Gateway's HTTP transport. The runtime imports `@graphql-mesh/transport-http` by name at run time,
 * and that package is not installed here (the Hive Gateway CLI bundles it); this is the same job —
 * POST the planned operation to the subgraph with the router's headers — in a few lines. Planning,
 * `_entities` batching and merging remain Hive Gateway's own.
 */
const httpTransport = {
  getSubgraphExecutor:
    ({ transportEntry }: { transportEntry: { location?: string } }) =>
    async (request: SubgraphRequest): Promise<ExecutionResult> => {
      const response = await fetch(transportEntry.location!, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...ROUTER_HEADERS },
        body: JSON.stringify({
          query: print(request.document),
          variables: request.variables,
          operationName: request.operationName,
        }),
      });
      return (await response.json()) as ExecutionResult;
    },
};

let stack: FederationStack;
let hive: GatewayRuntime;
beforeAll(async () => {
  stack = await startFederationStack();
  hive = createGatewayRuntime({
    supergraph: stack.supergraphSdl,
    // The transport's executor type is generic over results; ours returns plain ExecutionResults.
    transports: { http: httpTransport as never },
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
