import { z } from 'zod';

// Reusable readers of environment strings: blank means "not set", every problem gets a plain message.

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const optionalString = z.preprocess(blankToUndefined, z.string().trim().optional());

export const optionalUrl = z.preprocess(
  blankToUndefined,
  z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
);

/** `redis://` or `rediss://` (TLS), credentials in the URL; never echoed in a problem. */
export const optionalRedisUrl = z.preprocess(
  blankToUndefined,
  z.url({ protocol: /^rediss?$/, message: 'must be a redis:// or rediss:// URL' }).optional(),
);

export const integer = (fallback: number, min: number, max: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ message: 'must be a whole number' })
      .int({ message: 'must be a whole number' })
      .min(min, { message: `must be at least ${min}` })
      .max(max, { message: `must be at most ${max}` })
      .default(fallback),
  );

export const oneOf = <T extends string>(values: readonly [T, ...T[]], fallback: T) =>
  z.preprocess(
    // Matched case-insensitively: `post` is as clear as `POST`.
    (v) =>
      typeof v === 'string'
        ? (values.find((allowed) => allowed.toLowerCase() === v.trim().toLowerCase()) ??
          blankToUndefined(v.trim()))
        : v,
    z.enum(values, { message: `must be one of ${values.join(', ')}` }).default(fallback),
  );

/** The one set of spellings every boolean variable accepts (trimmed, any case). */
export const BOOLEAN_SPELLINGS = { true: ['true', '1', 'yes'], false: ['false', '0', 'no'] } as const;

/**
 * The reader of every boolean variable, and the only one: cross-variable rules read its result, never
 * the raw text. Unset stays undefined so the caller can pick an environment default.
 */
export const optionalBoolean = z.preprocess((v) => {
  const text = typeof v === 'string' ? v.trim().toLowerCase() : v;
  if (text === undefined || text === '') return undefined;
  if ((BOOLEAN_SPELLINGS.true as readonly unknown[]).includes(text)) return true;
  if ((BOOLEAN_SPELLINGS.false as readonly unknown[]).includes(text)) return false;
  return text;
}, z.boolean({ message: 'must be true or false (also 1/0, yes/no)' }).optional());

/** A number in 0..1 (a sampling ratio); unset stays undefined. */
export const optionalRatio = z.preprocess(
  blankToUndefined,
  z.coerce
    .number({ message: 'must be a number from 0 to 1' })
    .min(0, { message: 'must be a number from 0 to 1' })
    .max(1, { message: 'must be a number from 0 to 1' })
    .optional(),
);

/** OTEL_TRACES_SAMPLER values of the OpenTelemetry specification that need nothing beyond the SDK. */
export const TRACE_SAMPLERS = [
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
  'always_on',
  'always_off',
  'traceidratio',
] as const;

/** A comma-separated list, trimmed, without empty entries. */
export function listOf(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export const envSchema = z.object({
  PORT: integer(4000, 0, 65535),
  HOST: optionalString.default('0.0.0.0'),
  NODE_ENV: optionalString,
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
  DQE_BASE_URL: optionalUrl,
  DQE_LICENCE: optionalString,
  DQE_CLIENT_SECRET: optionalString,
  DQE_PARTNER_NAME: optionalString,
  DQE_CODE_NAME: optionalString,
  DQE_TRANSPORT: oneOf(['GET', 'POST'], 'GET'),
  DQE_NUMBER_FORMAT: oneOf(['national', 'e164', 'international'], 'national'),
  DQE_TIMEOUT_MS: integer(10_000, 100, 120_000),
  MATCH_THRESHOLD: integer(90, 0, 100),
  PARTIAL_MATCH_THRESHOLD: integer(60, 0, 100),
  REDIRECT_URI_ALLOWLIST: optionalString,
  GATEWAY_API_KEYS: optionalString,
  JWT_JWKS_URL: optionalUrl,
  JWT_ISSUER: optionalString,
  JWT_AUDIENCE: optionalString,
  RATE_LIMIT_PER_MINUTE: integer(60, 1, 1_000_000),
  MAX_BODY_BYTES: integer(65_536, 1_024, 10_485_760),
  BATCH_LIMIT: integer(5, 1, 100),
  PERSISTED_OPERATIONS_FILE: optionalString,
  PERSISTED_OPERATIONS_ONLY: optionalBoolean,
  GRAPHIQL: optionalBoolean,
  GRAPHQL_JIT: optionalBoolean,
  INTROSPECTION: optionalBoolean,
  CORS_ORIGINS: optionalString,
  METRICS_TOKEN: optionalString,
  SHUTDOWN_TIMEOUT_MS: integer(10_000, 0, 600_000),
  DQE_MAX_RETRIES: integer(2, 0, 5),
  DQE_BREAKER_THRESHOLD: integer(5, 1, 1000),
  DQE_BREAKER_COOLDOWN_MS: integer(10_000, 100, 600_000),
  DQE_MAX_CONCURRENCY: integer(32, 1, 1024),
  DQE_MAX_QUEUE: integer(64, 0, 100_000),
  DQE_BULK_SHARE: integer(50, 1, 100),
  IDEMPOTENCY_TTL_SECONDS: integer(600, 1, 86_400),
  IDEMPOTENCY_MAX_ENTRIES: integer(10_000, 1, 1_000_000),
  MATCH_RESULT_TTL_SECONDS: integer(900, 1, 86_400),
  MATCH_RESULT_MAX_ENTRIES: integer(10_000, 1, 1_000_000),
  ROUTER_SHARED_SECRET: optionalString,
  BULK_MAX_ITEMS: integer(50, 1, 1000),
  REDIS_URL: optionalRedisUrl,
  REDIS_KEY_PREFIX: optionalString.default('idm:'),
  REDIS_TIMEOUT_MS: integer(200, 10, 10_000),
  DQE_PROPAGATE_TRACE: optionalBoolean,
  // CAMARA KYC Match, the operators' own API (issue 19): all unset → no CAMARA endpoint configured.
  CAMARA_API_ROOT: optionalUrl,
  CAMARA_TOKEN_URL: optionalUrl,
  CAMARA_CLIENT_ID: optionalString,
  CAMARA_CLIENT_SECRET: optionalString,
  CAMARA_SCOPE: optionalString.default('kyc-match:match'),
  CAMARA_TIMEOUT_MS: integer(10_000, 100, 120_000),
  // Which provider answers which country (src/config/match-routes.ts); the default asks DQE for every number.
  MATCH_ROUTES: optionalString.default('*=dqe'),
  // OpenTelemetry's standard variables (README "Observability"): no endpoint, no tracing SDK loaded.
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl,
  OTEL_EXPORTER_OTLP_PROTOCOL: oneOf(['http/protobuf', 'http/json'], 'http/protobuf'),
  OTEL_SERVICE_NAME: optionalString.default('idmobile-gateway'),
  OTEL_TRACES_SAMPLER: oneOf(TRACE_SAMPLERS, 'parentbased_always_on'),
  OTEL_TRACES_SAMPLER_ARG: optionalRatio,
  OTEL_SDK_DISABLED: optionalBoolean,
});

export type Env = z.infer<typeof envSchema>;
