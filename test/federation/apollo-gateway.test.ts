import { createHash } from 'node:crypto';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { type OperationDefinitionNode, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FederationStack, ROUTER_HEADERS, startFederationStack } from './support/federation-stack.js';
import { type RunThroughRouter, supergraphScenarios } from './support/supergraph-scenarios.js';

type Executor = Awaited<ReturnType<ApolloGateway['load']>>['executor'];
type RequestContext = Parameters<Executor>[0];

const silent = { debug() {}, info() {}, warn() {}, error() {} };

let stack: FederationStack;
let gateway: ApolloGateway;
let executor: Executor;
let schema: RequestContext['schema'];
beforeAll(async () => {
  stack = await startFederationStack();
  gateway = new ApolloGateway({
    supergraphSdl: stack.supergraphSdl,
    logger: silent,
    // How an Apollo router is told to authenticate to the subgraph: a header on every subgraph request.
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource({
        url,
        willSendRequest: ({ request }) => {
          for (const [name, value] of Object.entries(ROUTER_HEADERS)) request.http?.headers.set(name, value);
        },
      }),
  });
  ({ executor, schema } = await gateway.load());
});
afterAll(async () => {
  await gateway?.stop();
  await stack?.close();
});

/**
 * The smallest request context ApolloGateway's executor reads (what @apollo/server would build): the
 * parsed operation, a query hash for the plan cache, and metrics, where `captureTraces` makes the gateway
 * ask subgraphs for ftv1 traces and file them in `metrics.queryPlanTrace`.
 */
async function execute(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition',
  );
  const metrics: Record<string, unknown> = { captureTraces: true, startHrTime: process.hrtime() };
  const result = await executor({
    request: { query, variables },
    document,
    source: query,
    operation: operation!,
    operationName: operation?.name?.value ?? null,
    queryHash: createHash('sha256').update(query).digest('hex'),
    schema,
    schemaHash: '' as never,
    context: {},
    metrics,
    logger: silent,
    cache: undefined as never,
    overallCachePolicy: undefined,
  } as RequestContext);
  return { ...result, metrics };
}

const run: RunThroughRouter = (query, variables) => execute(query, variables);

describe('through @apollo/gateway (supergraph composed with @apollo/composition)', () => {
  supergraphScenarios(() => run);

  it("receives the subgraph's ftv1 trace and decodes it", async () => {
    const { metrics, errors } = await execute('query { matchingCapabilities { sandbox } }');
    expect(errors).toBeUndefined();
    const fetches = fetchNodes(metrics.queryPlanTrace);
    const idmobile = fetches.find((f) => f.serviceName === 'idmobile');
    expect(idmobile?.traceParsingFailed).toBeFalsy();
    const fieldNames = (idmobile?.trace?.root?.child ?? []).map((c) => c.responseName);
    expect(fieldNames).toContain('matchingCapabilities');
  });
});

interface FetchTrace {
  serviceName?: string;
  traceParsingFailed?: boolean;
  trace?: { root?: { child?: { responseName?: string }[] } };
}

/** Every `fetch` node of a query-plan trace (sequence, parallel and flatten nodes nest them). */
function fetchNodes(node: unknown): FetchTrace[] {
  if (!node || typeof node !== 'object') return [];
  const found: FetchTrace[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'fetch' && value) found.push(value as FetchTrace);
    else if (value && typeof value === 'object') found.push(...fetchNodes(value));
  }
  return found;
}
