import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import { isOpenAccess } from './auth/index.js';
import { OPEN_ACCESS, principalOf } from './auth/principal.js';
import { useClientAuthentication } from './auth/use-client-authentication.js';
import { useOpenAccessHeader } from './auth/use-open-access-header.js';
import type { Config } from './config/index.js';
import { bulkShareOf } from './dqe/index.js';
import { createInMemoryMatchResultStore, type MatchResultStore } from './federation/match-result-store.js';
import { RequestMatchResults } from './federation/request-match-results.js';
import { EXAMPLE_OPERATION, EXAMPLE_VARIABLES } from './graphiql-example.js';
import type { BulkMatchSettings, GatewayContext } from './graphql/context.js';
import { schema } from './graphql/index.js';
import { MatchTally } from './graphql/match-tally.js';
import { duplicateWaitMs, IdempotencyGuard } from './idempotency/idempotency-guard.js';
import { type IdempotencyStore, MemoryIdempotencyStore } from './idempotency/idempotency-store.js';
import { useIdempotencyKeyHeader } from './idempotency/use-idempotency-key-header.js';
import { billedCallLimiter, limitPlugins, limitYogaOptions } from './limits/index.js';
import type { GatewayMetrics } from './observability/gateway-metrics.js';
import type { Readiness } from './observability/readiness.js';
import { operationSpansPlugin } from './observability/tracing.js';
import { useCompiledExecution } from './plugins/use-compiled-execution.js';
import { useReadinessCheck } from './plugins/use-readiness-check.js';
import { maskErrorWithoutInputEcho, useRedactedInputErrors } from './plugins/use-redacted-input-errors.js';
import { requestIdOf, useRequestId } from './plugins/use-request-id.js';
import { useRouterInlineTrace } from './plugins/use-router-inline-trace.js';
import { useTracing } from './plugins/use-tracing.js';
import { useWholeRequestRefusal } from './plugins/use-whole-request-refusal.js';
import type { BilledCallAdmission } from './service/billed-call-admission.js';
import { type DqeMatcher, IdentityMatcher, type RequestMatcher } from './service/identity-matcher.js';
import type { MatchProvider } from './service/match-provider.js';
import type { MatchResult } from './service/match-result.js';

export interface GatewayDeps {
  dqe: DqeMatcher;
  /** Every configured provider (DQE's among them); absent → DQE only. Routed by config.matchRoutes. */
  providers?: readonly MatchProvider[];
  logger: Logger;
  /** True when `dqe` talks to the embedded sandbox. */
  sandbox: boolean;
  /** Rate limiting of billed calls; absent → built from config.rateLimitPerMinute. */
  admission?: BilledCallAdmission;
  /** Counters, and the Yoga plugins they bring (/metrics, HTTP/GraphQL histograms); absent → no metrics. */
  metrics?: GatewayMetrics;
  /** Served at /ready; absent → no /ready (yoga's /health is always there). */
  readiness?: Readiness;
  now?: () => Date;
  /** Finished matches for federation entity lookups; absent → in memory, from config.matchResults. */
  matchResults?: MatchResultStore;
  /** Outcomes of `Idempotency-Key` requests; absent → in memory, from config.idempotency. */
  idempotency?: IdempotencyStore<MatchResult>;
}

export type Gateway = YogaServerInstance<Record<string, never>, GatewayContext>;

/** Builds the Yoga instance: schema, context and plugins. Listening is the caller's business. */
export function createGateway(config: Config, deps: GatewayDeps): Gateway {
  const matcher = new IdentityMatcher({
    dqe: deps.dqe,
    providers: deps.providers,
    routes: config.matchRoutes,
    onFallback: (provider, reason) => deps.metrics?.providerFallback?.(provider, reason),
    logger: deps.logger,
    sandbox: deps.sandbox,
    admission: deps.admission ?? billedCallLimiter(config, deps),
    // Shared on Redis or per replica: src/redis/shared-stores.ts chooses (docs/deployment.md).
    idempotency: new IdempotencyGuard(
      deps.idempotency ?? new MemoryIdempotencyStore<MatchResult>(config.idempotency),
      // A duplicate waits for the attempt in flight (on any replica) as long as that attempt may take.
      { maxWaitMs: duplicateWaitMs(config.timeoutMs) },
    ),
    ...(deps.now ? { now: deps.now } : {}),
    rules: {
      defaultPolicy: config.defaultPolicy,
      numberFormat: config.numberFormat,
      redirectUriAllowlist: config.redirectUriAllowlist,
      defaultCodeName: config.dqeCodeName,
    },
  });
  // Keyed by the HTTP request so that all operations of a batched request share one DataLoader.
  const requestMatchers = new WeakMap<Request, RequestMatcher>();
  const requestMatcherFor = (request: Request, clientId: string) => {
    let scoped = requestMatchers.get(request);
    if (!scoped) {
      scoped = matcher.forRequest(clientId, requestIdOf(request));
      requestMatchers.set(request, scoped);
    }
    return scoped;
  };

  const log = deps.logger;
  const matchResults = deps.matchResults ?? createInMemoryMatchResultStore(config.matchResults);
  const bulk: BulkMatchSettings = {
    maxItems: config.bulkMaxItems,
    maxConcurrency: bulkShareOf(config.resilience.maxConcurrency, config.resilience.bulkSharePercent),
  };
  // While tracing is on (src/observability/tracing.ts): the HTTP span, outermost, and the operation spans
  // after useRedactedInputErrors, so that the errors they record no longer quote the input.
  const operationSpans = operationSpansPlugin();
  const plugins: Plugin[] = [
    ...(operationSpans ? [useTracing()] : []),
    useRequestId({ logContext: log.isLevelEnabled('debug') }),
    useRedactedInputErrors(),
    // Before the operation spans, which wrap whatever execute function they find in their context.
    ...(config.graphqlJit ? [useCompiledExecution()] : []),
    ...(operationSpans ? [operationSpans] : []),
    // Authentication first: the plugins after it read the principal.
    useClientAuthentication({
      apiKeys: config.auth.apiKeys,
      jwt: config.auth.jwt,
      routerSecret: config.routerSharedSecret,
      logger: log,
    }),
    ...(isOpenAccess(config) ? [useOpenAccessHeader(deps.sandbox ? 'sandbox' : 'development')] : []),
    ...(deps.readiness ? [useReadinessCheck({ readiness: deps.readiness })] : []),
    ...(deps.metrics?.yogaPlugins?.({ token: config.metricsToken }) ?? []),
    ...limitPlugins(config),
    // Request-level answers of matching: a malformed Idempotency-Key (400) before execution, and the
    // status of an operation whose every match was refused (429 with Retry-After, 422).
    useIdempotencyKeyHeader(),
    useWholeRequestRefusal<GatewayContext>({ refusalOf: (ctx) => ctx.matchTally.wholeRefusal() }),
    useRouterInlineTrace({ isRouter: (request) => principalOf(request)?.kind === 'router' }),
  ];

  return createYoga<Record<string, never>, GatewayContext>({
    schema,
    // BATCH_LIMIT is counted by useWellFormedBatch (limitPlugins), whose 413 carries the body limit's code.
    batching: { limit: Number.POSITIVE_INFINITY },
    ...limitYogaOptions(config),
    context: ({ request }) => {
      // Authentication (when configured) has set the principal or answered 401 before execution.
      const client = principalOf(request) ?? OPEN_ACCESS;
      const scoped = requestMatcherFor(request, client.clientId);
      return {
        requestId: requestIdOf(request),
        idempotencyKey: request.headers.get('idempotency-key') ?? undefined,
        client,
        matcher: scoped,
        capabilities: matcher.capabilities,
        matchResults: new RequestMatchResults(matchResults, client, scoped.log),
        bulk,
        matchTally: new MatchTally(),
      };
    },
    graphiql: config.graphiql ? graphiqlOptions() : false,
    // GraphiQL's scripts and styles served from the gateway itself: no CDN, works offline and behind
    // strict networks. Loaded lazily: production usually has GraphiQL off.
    maskedErrors: { maskError: maskErrorWithoutInputEcho },
    renderGraphiQL: async (options) =>
      (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(options),
    logging: {
      debug: (...args) => log.debug(args.map(String).join(' ')),
      info: (...args) => log.info(args.map(String).join(' ')),
      warn: (...args) => log.warn(args.map(String).join(' ')),
      // Yoga logs unexpected resolver errors here; keep name and stack, the GraphQL variables are never logged.
      error: (...args) => log.error({ err: args.find((a) => a instanceof Error) }, 'unexpected error'),
    },
    plugins,
  });
}

/**
 * GraphiQL opens on the runnable example. `variables` repeats the tab's variables on purpose: GraphiQL 5
 * does not fill the variables editor from the first default tab (graphql/graphiql#3392), so ▶ would send
 * the operation without them; Yoga's GraphiQL hands `variables` to GraphiQL as `initialVariables`, which
 * does fill it. Yoga's option type does not declare it, hence the plain object (checked by the browser test).
 */
function graphiqlOptions() {
  const variables = JSON.stringify(EXAMPLE_VARIABLES, null, 2);
  const options = {
    title: 'IDMobile gateway',
    defaultTabs: [{ query: EXAMPLE_OPERATION, variables }],
    variables,
  };
  return options;
}
