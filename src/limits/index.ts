import type { CORSOptions, Plugin } from 'graphql-yoga';
import { type ClientPrincipal, OPEN_ACCESS, principalOf } from '../auth/principal.js';
import type { Config } from '../config/index.js';
import type { GatewayMetrics } from '../observability/gateway-metrics.js';
import { BilledCallRateLimiter } from './billed-call-rate-limiter.js';
import { corsPolicy } from './cors-policy.js';
import { useCsrfHeaderRequired } from './use-csrf-header-required.js';
import { useDisableIntrospection } from './use-disable-introspection.js';
import { useLimitRequestBodySize } from './use-limit-request-body-size.js';
import { useOperationLimits } from './use-operation-limits.js';
import {
  loadPersistedDocuments,
  maySendArbitraryDocuments,
  usePersistedOperationList,
  usePersistedOperationsNotSupported,
} from './use-persisted-operation-list.js';
import { MAX_FIELD_REPEATS, useRepetitionLimits } from './use-repetition-limits.js';
import { useSecurityHeaders } from './use-security-headers.js';
import { useWellFormedBatch } from './use-well-formed-batch.js';

export { BilledCallRateLimiter } from './billed-call-rate-limiter.js';

type LimitsConfig = Pick<
  Config,
  | 'auth'
  | 'rateLimitPerMinute'
  | 'maxBodyBytes'
  | 'persistedOperations'
  | 'introspection'
  | 'corsOrigins'
  | 'production'
  | 'batchLimit'
>;

/**
 * The per-client rate limit of billed DQE calls (`RATE_LIMIT_PER_MINUTE`); refusals are counted.
 * None for the embedded sandbox in open access: its calls bill nothing and every caller is the same
 * `open` client, so a limit would only throttle development and load tests. With authentication
 * configured the sandbox is limited too, which is how the limit is exercised end to end.
 */
export function billedCallLimiter(
  config: LimitsConfig,
  deps: { sandbox: boolean; metrics?: GatewayMetrics | undefined },
): BilledCallRateLimiter | undefined {
  if (deps.sandbox && !authConfigured(config)) return undefined;
  return new BilledCallRateLimiter({
    perMinute: config.rateLimitPerMinute,
    onRefused: () => deps.metrics?.rateLimited(),
  });
}

/** Yoga options owned by the limits: body size (413), CORS allow-list, the `documentId` parameter. */
export function limitYogaOptions(config: LimitsConfig): {
  maxRequestBodySize: false;
  cors: (request: Request) => CORSOptions;
  extraParamNames: string[];
} {
  return {
    // useLimitRequestBodySize (in limitPlugins) does it: Content-Length first, bytes only when chunked.
    maxRequestBodySize: false,
    cors: corsPolicy(config.corsOrigins),
    // A persisted-document request carries `documentId` instead of `query`; Yoga refuses unknown params.
    extraParamNames: ['documentId'],
  };
}

/**
 * The limits plugins, in order: body size (413) and CSRF refusal before the body is parsed, a batch's
 * shape once it is, persisted operations before the document is parsed (so armor also measures
 * persisted documents), then repetitions, armor and introspection at parse/validation, and the
 * response headers.
 */
export function limitPlugins(config: LimitsConfig): Plugin[] {
  const plugins: Plugin[] = [
    useLimitRequestBodySize({ maxBytes: config.maxBodyBytes }),
    useCsrfHeaderRequired({
      requestHeaders: ['x-graphql-yoga-csrf', 'apollo-require-preflight', 'x-apollo-operation-name'],
    }),
    useWellFormedBatch({
      persistedIds: config.persistedOperations !== undefined,
      maxOperations: config.batchLimit,
    }),
  ];
  plugins.push(
    config.persistedOperations
      ? usePersistedOperationList({
          documents: loadPersistedDocuments(config.persistedOperations.file),
          only: config.persistedOperations.only,
          maySendDocuments: (request) => maySendArbitraryDocuments(callerOf(request, config)),
        })
      : usePersistedOperationsNotSupported(),
  );
  plugins.push(
    // First at validation: its refusal spares graphql-js's validation the repetitions.
    useRepetitionLimits({ maxFieldRepeats: MAX_FIELD_REPEATS }),
    // Suggestions would name fields that introspection is there to hide.
    useOperationLimits({ blockFieldSuggestions: config.production || !config.introspection }),
    ...(config.introspection ? [] : [useDisableIntrospection()]),
    useSecurityHeaders(),
  );
  return plugins;
}

/**
 * The principal authentication recorded; when authentication is configured and none was recorded, no
 * one (never fall back to open access, which is trusted).
 */
function callerOf(request: Request, config: LimitsConfig): ClientPrincipal | undefined {
  return principalOf(request) ?? (authConfigured(config) ? undefined : OPEN_ACCESS);
}

function authConfigured(config: LimitsConfig): boolean {
  return config.auth.apiKeys.length > 0 || config.auth.jwt !== undefined;
}
