import { createHash } from 'node:crypto';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { type OperationDefinitionNode, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_KEY,
  type FederationStack,
  ROUTER_SECRET,
  startFederationStack,
} from './support/federation-stack.js';
import { readRouterYaml, routerYamlHeaders } from './support/router-yaml.js';
import { type RunThroughRouter, supergraphScenarios } from './support/supergraph-scenarios.js';

type Executor = Awaited<ReturnType<ApolloGateway['load']>>['executor'];
type RequestContext = Parameters<Executor>[0];

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const routerYaml = readRouterYaml();

let stack: FederationStack;
let gateway: ApolloGateway;
let executor: Executor;
let schema: RequestContext['schema'];
beforeAll(async () => {
  stack = await startFederationStack();
  gateway = new ApolloGateway({
    supergraphSdl: stack.supergraphSdl,
    logger: silent,
    // The subgraph requests' headers by examples/supergraph/router.yaml's rules, as Apollo Router applies
    // them: the secret inserted, the client's headers propagated (the client's are in the context).
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<{ clientHeaders?: Headers }>({
        url,
        willSendRequest: ({ request, context }) => {
          const client = context.clientHeaders ?? new Headers();
          const env = { ROUTER_SHARED_SECRET: ROUTER_SECRET };
          for (const [header, value] of Object.entries(routerYamlHeaders(routerYaml, name!, client, env)))
            request.http?.headers.set(header, value);
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
async function execute(query: string, variables: Record<string, unknown> = {}, clientHeaders?: Headers) {
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
    context: { clientHeaders },
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

  it("propagates the client's authorization, Idempotency-Key and x-request-id as router.yaml says", async () => {
    const MATCH = `mutation($input: MatchIdentityInput!) {
      matchIdentity(input: $input) { ... on IdentityMatch { id } }
    }`;
    const input = { input: { phoneNumber: '+33600000000', userInfos: { lastName: 'Martin' } } };
    const client = (requestId: string) =>
      new Headers({
        authorization: `Bearer ${APP_KEY}`,
        'idempotency-key': 'apollo-gateway-replay-1',
        'x-request-id': requestId,
      });
    const before = stack.harness.sandbox.matchRequests();
    const first = await execute(MATCH, input, client('apollo-1'));
    const repeat = await execute(MATCH, input, client('apollo-2'));
    expect(repeat.data).toEqual(first.data);
    expect(stack.harness.sandbox.matchRequests()).toBe(before + 1);
    const audit = stack.harness.logs().filter((l) => l.audit === 'matchIdentity' && l.clientId === 'app');
    expect(audit.map((l) => l.requestId)).toEqual(['apollo-1', 'apollo-2']);
  });

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
