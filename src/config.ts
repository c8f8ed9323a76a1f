import { z } from 'zod';
import type { DqeNumberFormat, DqeTransport } from './dqe/types.js';
import { IDENTITY_FIELDS, type MatchPolicy } from './matching/index.js';

/** Where DQE is: the real service (credentials required) or the embedded sandbox. */
export type DqeTarget =
  | { kind: 'remote'; baseUrl: string; licence: string; clientSecret: string; partnerName: string }
  | { kind: 'sandbox' };

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
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(blankToUndefined, z.string().trim().optional());
const integer = (fallback: number, min: number, max: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ message: 'must be a whole number' })
      .int({ message: 'must be a whole number' })
      .min(min, { message: `must be at least ${min}` })
      .max(max, { message: `must be at most ${max}` })
      .default(fallback),
  );
const oneOf = <T extends string>(values: readonly [T, ...T[]], fallback: T) =>
  z.preprocess(
    // Matched case-insensitively: `post` is as clear as `POST`.
    (v) =>
      typeof v === 'string'
        ? (values.find((allowed) => allowed.toLowerCase() === v.trim().toLowerCase()) ??
          blankToUndefined(v.trim()))
        : v,
    z.enum(values, { message: `must be one of ${values.join(', ')}` }).default(fallback),
  );

const envSchema = z.object({
  PORT: integer(4000, 0, 65535),
  HOST: optionalString.default('0.0.0.0'),
  NODE_ENV: optionalString,
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
  DQE_BASE_URL: z.preprocess(
    blankToUndefined,
    z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  ),
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
});

/** Every environment variable the gateway reads (the README's configuration table lists each). */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape);

/** Reads the environment into a typed Config, collecting every problem instead of stopping at the first. */
export function loadConfig(env: Record<string, string | undefined>): ConfigResult {
  const parsed = envSchema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
  const given = (name: string) => Boolean(env[name]?.trim());

  // Cross-variable rules read the raw environment, so they are reported together with per-variable ones.
  if (given('DQE_BASE_URL')) {
    for (const name of ['DQE_LICENCE', 'DQE_CLIENT_SECRET', 'DQE_PARTNER_NAME']) {
      if (!given(name)) problems.push(`${name} is required when DQE_BASE_URL is set`);
    }
  } else if (env.NODE_ENV?.trim() === 'production') {
    problems.push(
      'DQE_BASE_URL is required when NODE_ENV=production (the embedded sandbox is for development)',
    );
  }
  const redirectUriAllowlist = (env.REDIRECT_URI_ALLOWLIST ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of redirectUriAllowlist) {
    if (!URL.canParse(entry))
      problems.push(`REDIRECT_URI_ALLOWLIST has an entry that is not a URL: ${entry}`);
  }
  const threshold = (name: string, fallback: number) => Number(env[name]?.trim() || fallback);
  if (threshold('PARTIAL_MATCH_THRESHOLD', 60) > threshold('MATCH_THRESHOLD', 90)) {
    problems.push('PARTIAL_MATCH_THRESHOLD must not be above MATCH_THRESHOLD');
  }
  if (!parsed.success || problems.length > 0) return { ok: false, problems };

  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const dqe: DqeTarget = e.DQE_BASE_URL
    ? {
        kind: 'remote',
        baseUrl: e.DQE_BASE_URL,
        licence: e.DQE_LICENCE ?? '',
        clientSecret: e.DQE_CLIENT_SECRET ?? '',
        partnerName: e.DQE_PARTNER_NAME ?? '',
      }
    : { kind: 'sandbox' };

  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      production,
      logLevel: e.LOG_LEVEL,
      dqe,
      dqeCodeName: e.DQE_CODE_NAME,
      transport: e.DQE_TRANSPORT,
      numberFormat: e.DQE_NUMBER_FORMAT,
      timeoutMs: e.DQE_TIMEOUT_MS,
      defaultPolicy: {
        matchThreshold: e.MATCH_THRESHOLD,
        partialMatchThreshold: e.PARTIAL_MATCH_THRESHOLD,
        requiredFields: IDENTITY_FIELDS.filter((f) => ['LAST_NAME', 'FIRST_NAME', 'BIRTHDATE'].includes(f)),
      },
      redirectUriAllowlist,
    },
  };
}
