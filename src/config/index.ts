import type { DqeNumberFormat, DqeTransport } from '../dqe/types.js';
import { IDENTITY_FIELDS, type MatchPolicy } from '../matching/index.js';
import { type ApiKeyEntry, parseApiKeys } from './api-keys.js';
import { type Env, envSchema, listOf, type TRACE_SAMPLERS } from './env-schema.js';

export type { ApiKeyEntry } from './api-keys.js';

/** Where DQE is: the real service (credentials required) or the embedded sandbox. */
export type DqeTarget =
  | { kind: 'remote'; baseUrl: string; licence: string; clientSecret: string; partnerName: string }
  | { kind: 'sandbox' };

import { type MatchRoutes, parseMatchRoutes, routedProviders } from './match-routes.js';

/** An operator's CAMARA KYC Match endpoint and the client credentials it issues tokens for. */
export interface CamaraRemote {
  /** Base up to and including the version (`https://api.operator.example/kyc-match/v0.4`). */
  apiRoot: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

export interface CamaraSettings {
  /** Unset (no CAMARA_API_ROOT): no operator endpoint is configured. */
  remote: CamaraRemote | undefined;
  /** OAuth2 scope asked for with the client credentials. */
  scope: string;
  /** Bound of one match: token wait, call and the retry after a 401. */
  timeoutMs: number;
}

export interface JwtSettings {
  jwksUrl: string;
  issuer: string;
  audience: string;
}

export interface Config {
  port: number;
  host: string;
  production: boolean;
  logLevel: string;
  dqe: DqeTarget;
  dqeCodeName: string | undefined;
  transport: DqeTransport;
  numberFormat: DqeNumberFormat;
  timeoutMs: number;
  defaultPolicy: MatchPolicy;
  redirectUriAllowlist: string[];
  /** Client authentication; with neither keys nor JWT the gateway runs open (refused in production). */
  auth: { apiKeys: ApiKeyEntry[]; jwt: JwtSettings | undefined };
  /** Billed calls a client may make per minute (token bucket). */
  rateLimitPerMinute: number;
  maxBodyBytes: number;
  batchLimit: number;
  persistedOperations: { file: string; only: boolean } | undefined;
  graphiql: boolean;
  /** Operations compiled by graphql-jit (docs/performance.md: the A/B that keeps it on). */
  graphqlJit: boolean;
  introspection: boolean;
  corsOrigins: string[];
  metricsToken: string | undefined;
  shutdownTimeoutMs: number;
  /** Upstream resilience (issue 4): safe retries, circuit breaker, bulkhead. */
  resilience: {
    maxRetries: number;
    breakerThreshold: number;
    breakerCooldownMs: number;
    maxConcurrency: number;
    maxQueue: number;
    /** Percent of the DQE slots and waiting places bulk work may hold (DQE_BULK_SHARE). */
    bulkSharePercent: number;
  };
  idempotency: { ttlSeconds: number; maxEntries: number };
  /** Finished matches kept for federation entity lookups (outcomes only, never the input). */
  matchResults: { ttlSeconds: number; maxEntries: number };
  /** Shared secret the federation router authenticates with (header `x-router-secret`). */
  routerSharedSecret: string | undefined;
  bulkMaxItems: number;
  /** The fleet's shared state (idempotency, rate limit, entity store, DQE token); unset → per replica. */
  redis: RedisSettings | undefined;
  /** OpenTelemetry trace export (OTEL_* variables); undefined → no endpoint or OTEL_SDK_DISABLED: no SDK. */
  tracing: TracingSettings | undefined;
  /** Send the trace context (`traceparent`) to DQE (DQE_PROPAGATE_TRACE, default on). */
  propagateTrace: boolean;
  /** CAMARA KYC Match (CAMARA_* variables), the second provider. */
  camara: CamaraSettings;
  /** MATCH_ROUTES: the providers asked for a number, by its country (src/config/match-routes.ts). */
  matchRoutes: MatchRoutes;
}

export interface TracingSettings {
  /** OTLP/HTTP base URL; spans go to `<endpoint>/v1/traces`. */
  endpoint: string;
  protocol: 'http/protobuf' | 'http/json';
  serviceName: string;
  sampler: (typeof TRACE_SAMPLERS)[number];
  /** Ratio of the `traceidratio` samplers (default 1). */
  samplerArg: number | undefined;
}

export interface RedisSettings {
  /** `redis://` or `rediss://`, credentials included: never logged. */
  url: string;
  /** Prefix of every key the gateway writes (`REDIS_KEY_PREFIX`): an ACL user can be limited to it. */
  keyPrefix: string;
  /** Bound of one command, in ms (`REDIS_TIMEOUT_MS`). */
  timeoutMs: number;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Every environment variable the gateway reads (the README's configuration table lists each). */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape);

/** Reads the environment into a typed Config, collecting every problem instead of stopping at the first. */
export function loadConfig(env: Record<string, string | undefined>): ConfigResult {
  const parsed = parseEachVariable(env);
  const problems = [...parsed.problems, ...crossVariableProblems(parsed.values)];
  const apiKeys = parseApiKeys(env.GATEWAY_API_KEYS);
  problems.push(...apiKeys.problems);
  if (problems.length > 0) return { ok: false, problems };

  // Every variable parsed (no problem above), so every key of the schema is there.
  const e = parsed.values as Env;
  const production = e.NODE_ENV === 'production';
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      production,
      logLevel: e.LOG_LEVEL,
      dqe: e.DQE_BASE_URL
        ? {
            kind: 'remote',
            baseUrl: e.DQE_BASE_URL,
            licence: e.DQE_LICENCE ?? '',
            clientSecret: e.DQE_CLIENT_SECRET ?? '',
            partnerName: e.DQE_PARTNER_NAME ?? '',
          }
        : { kind: 'sandbox' },
      dqeCodeName: e.DQE_CODE_NAME,
      transport: e.DQE_TRANSPORT,
      numberFormat: e.DQE_NUMBER_FORMAT,
      timeoutMs: e.DQE_TIMEOUT_MS,
      defaultPolicy: {
        matchThreshold: e.MATCH_THRESHOLD,
        partialMatchThreshold: e.PARTIAL_MATCH_THRESHOLD,
        requiredFields: IDENTITY_FIELDS.filter((f) => ['LAST_NAME', 'FIRST_NAME', 'BIRTHDATE'].includes(f)),
      },
      redirectUriAllowlist: listOf(e.REDIRECT_URI_ALLOWLIST),
      auth: {
        apiKeys: apiKeys.entries,
        jwt: e.JWT_JWKS_URL
          ? { jwksUrl: e.JWT_JWKS_URL, issuer: e.JWT_ISSUER ?? '', audience: e.JWT_AUDIENCE ?? '' }
          : undefined,
      },
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
      maxBodyBytes: e.MAX_BODY_BYTES,
      batchLimit: e.BATCH_LIMIT,
      persistedOperations: e.PERSISTED_OPERATIONS_FILE
        ? { file: e.PERSISTED_OPERATIONS_FILE, only: e.PERSISTED_OPERATIONS_ONLY ?? false }
        : undefined,
      // Development and the sandbox are for exploring; production shows nothing unless asked to.
      graphiql: e.GRAPHIQL ?? !production,
      graphqlJit: e.GRAPHQL_JIT ?? true,
      introspection: e.INTROSPECTION ?? !production,
      corsOrigins: listOf(e.CORS_ORIGINS),
      metricsToken: e.METRICS_TOKEN,
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
      resilience: {
        maxRetries: e.DQE_MAX_RETRIES,
        breakerThreshold: e.DQE_BREAKER_THRESHOLD,
        breakerCooldownMs: e.DQE_BREAKER_COOLDOWN_MS,
        maxConcurrency: e.DQE_MAX_CONCURRENCY,
        maxQueue: e.DQE_MAX_QUEUE,
        bulkSharePercent: e.DQE_BULK_SHARE,
      },
      idempotency: { ttlSeconds: e.IDEMPOTENCY_TTL_SECONDS, maxEntries: e.IDEMPOTENCY_MAX_ENTRIES },
      matchResults: { ttlSeconds: e.MATCH_RESULT_TTL_SECONDS, maxEntries: e.MATCH_RESULT_MAX_ENTRIES },
      routerSharedSecret: e.ROUTER_SHARED_SECRET,
      bulkMaxItems: e.BULK_MAX_ITEMS,
      redis: e.REDIS_URL
        ? { url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX, timeoutMs: e.REDIS_TIMEOUT_MS }
        : undefined,
      tracing:
        e.OTEL_EXPORTER_OTLP_ENDPOINT && e.OTEL_SDK_DISABLED !== true
          ? {
              endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT,
              protocol: e.OTEL_EXPORTER_OTLP_PROTOCOL,
              serviceName: e.OTEL_SERVICE_NAME,
              sampler: e.OTEL_TRACES_SAMPLER,
              samplerArg: e.OTEL_TRACES_SAMPLER_ARG,
            }
          : undefined,
      propagateTrace: e.DQE_PROPAGATE_TRACE ?? true,
      camara: {
        remote: e.CAMARA_API_ROOT
          ? {
              apiRoot: e.CAMARA_API_ROOT,
              tokenUrl: e.CAMARA_TOKEN_URL ?? '',
              clientId: e.CAMARA_CLIENT_ID ?? '',
              clientSecret: e.CAMARA_CLIENT_SECRET ?? '',
            }
          : undefined,
        scope: e.CAMARA_SCOPE,
        timeoutMs: e.CAMARA_TIMEOUT_MS,
      },
      matchRoutes: matchRoutesOf(e.MATCH_ROUTES),
    },
  };
}

/**
 * Each variable through its own reader, so that one bad value does not hide the others' parsed values:
 * the rules across variables read parsed values only (the same spellings of true, the same trimming),
 * and leave out a variable whose own problem is already reported.
 */
function parseEachVariable(env: Record<string, string | undefined>): {
  values: Partial<Env>;
  problems: string[];
} {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, reader] of Object.entries(envSchema.shape)) {
    const result = reader.safeParse(env[name]);
    if (result.success) values[name] = result.data;
    else problems.push(...result.error.issues.map((issue) => `${name} ${issue.message}`));
  }
  return { values: values as Partial<Env>, problems };
}

/**
 * Rules across variables. A setting that cannot take effect is refused rather than ignored, security
 * settings first: a switch that silently does nothing is worse than a start-up that names it.
 */
function crossVariableProblems(e: Partial<Env>): string[] {
  const problems: string[] = [];
  const production = e.NODE_ENV === 'production';
  // A URL that failed its own check still says what the operator meant (remote DQE, JWT on).
  const meant = (name: 'DQE_BASE_URL' | 'JWT_JWKS_URL') => !(name in e) || e[name] !== undefined;
  if (meant('DQE_BASE_URL')) {
    for (const name of ['DQE_LICENCE', 'DQE_CLIENT_SECRET', 'DQE_PARTNER_NAME'] as const) {
      if (!e[name]) problems.push(`${name} is required when DQE_BASE_URL is set`);
    }
  } else if (production) {
    problems.push(
      'DQE_BASE_URL is required when NODE_ENV=production (the embedded sandbox is for development)',
    );
  }
  if (meant('JWT_JWKS_URL')) {
    for (const name of ['JWT_ISSUER', 'JWT_AUDIENCE'] as const) {
      if (!e[name]) problems.push(`${name} is required when JWT_JWKS_URL is set`);
    }
  } else {
    // Without the key set, no JWT is accepted: an issuer or audience alone would be a check that never runs.
    for (const name of ['JWT_ISSUER', 'JWT_AUDIENCE'] as const) {
      if (e[name])
        problems.push(`JWT_JWKS_URL is required when ${name} is set (no JWT is accepted without it)`);
    }
  }
  if (production && !e.GATEWAY_API_KEYS && !meant('JWT_JWKS_URL')) {
    problems.push('GATEWAY_API_KEYS or JWT_JWKS_URL is required when NODE_ENV=production (no open access)');
  }
  if (e.ROUTER_SHARED_SECRET && e.ROUTER_SHARED_SECRET.length < 24) {
    problems.push(
      'ROUTER_SHARED_SECRET must be at least 24 characters (a random string, e.g. openssl rand -hex 24)',
    );
  }
  if (e.PERSISTED_OPERATIONS_ONLY === true && !e.PERSISTED_OPERATIONS_FILE) {
    problems.push(
      'PERSISTED_OPERATIONS_ONLY is on but PERSISTED_OPERATIONS_FILE is not set: the switch cannot take effect',
    );
  }
  for (const entry of listOf(e.REDIRECT_URI_ALLOWLIST)) {
    if (!URL.canParse(entry))
      problems.push(`REDIRECT_URI_ALLOWLIST has an entry that is not a URL: ${entry}`);
  }
  for (const origin of listOf(e.CORS_ORIGINS)) {
    if (origin !== '*' && !URL.canParse(origin))
      problems.push(`CORS_ORIGINS has an entry that is not an origin: ${origin}`);
  }
  problems.push(...camaraProblems(e));
  problems.push(...matchRoutesProblems(e));
  const { MATCH_THRESHOLD: match, PARTIAL_MATCH_THRESHOLD: partial } = e;
  if (match !== undefined && partial !== undefined && partial > match) {
    problems.push('PARTIAL_MATCH_THRESHOLD must not be above MATCH_THRESHOLD');
  }
  return problems;
}

/** The routes of a value crossVariableProblems accepted. */
function matchRoutesOf(text: string): MatchRoutes {
  const parsed = parseMatchRoutes(text);
  if (!parsed.ok) throw new Error('MATCH_ROUTES was checked before');
  return parsed.routes;
}

/**
 * MATCH_ROUTES must parse, and name only configured providers. DQE always is (or its sandbox); CAMARA
 * when CAMARA_API_ROOT is set — or, outside production, by the embedded CAMARA sandbox (src/main.ts).
 */
function matchRoutesProblems(e: Partial<Env>): string[] {
  if (e.MATCH_ROUTES === undefined) return [];
  const parsed = parseMatchRoutes(e.MATCH_ROUTES);
  if (!parsed.ok) return parsed.problems;
  const camaraConfigured = 'CAMARA_API_ROOT' in e ? e.CAMARA_API_ROOT !== undefined : true;
  if (routedProviders(parsed.routes).has('camara') && !camaraConfigured && e.NODE_ENV === 'production')
    return [
      'MATCH_ROUTES names camara but CAMARA_API_ROOT is not set (the embedded CAMARA sandbox is for development)',
    ];
  return [];
}

const CAMARA_CREDENTIALS = ['CAMARA_TOKEN_URL', 'CAMARA_CLIENT_ID', 'CAMARA_CLIENT_SECRET'] as const;
/** RFC 6749 §3.3: space-separated scope tokens of printable ASCII without `"` and `\\`. */
const SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]+(?: [\x21\x23-\x5B\x5D-\x7E]+)*$/;

/** CAMARA_*: the endpoint and its credentials go together; values are never repeated (one is a secret). */
function camaraProblems(e: Partial<Env>): string[] {
  const problems: string[] = [];
  // As for DQE_BASE_URL: a root that failed its own check still says that a remote CAMARA was meant.
  const meant = !('CAMARA_API_ROOT' in e) || e.CAMARA_API_ROOT !== undefined;
  for (const name of CAMARA_CREDENTIALS) {
    if (!(name in e)) continue; // its own problem is reported already
    if (meant && !e[name]) problems.push(`${name} is required when CAMARA_API_ROOT is set`);
    if (!meant && e[name]) problems.push(`CAMARA_API_ROOT is required when ${name} is set`);
  }
  if (e.CAMARA_API_ROOT) {
    const root = new URL(e.CAMARA_API_ROOT);
    if (root.username || root.password || root.search || root.hash) {
      problems.push('CAMARA_API_ROOT must not carry credentials, a query string or a fragment');
    }
  }
  if (e.CAMARA_SCOPE !== undefined && !SCOPE.test(e.CAMARA_SCOPE)) {
    problems.push('CAMARA_SCOPE must be OAuth2 scope tokens separated by single spaces');
  }
  return problems;
}
