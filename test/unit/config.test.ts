import { describe, expect, it } from 'vitest';
import { envSchema, optionalBoolean } from '../../src/config/env-schema.js';
import { type Config, loadConfig } from '../../src/config/index.js';

const CREDENTIALS = {
  DQE_LICENCE: 'LICENCE-7f3a9c-s3cr3t',
  DQE_CLIENT_SECRET: 'CLIENT-SECRET-b81e44-s3cr3t',
  DQE_PARTNER_NAME: 'acme',
};
const KEY_HASH = 'ab'.repeat(32);
/** Production also needs client authentication; with it, the DQE rules can be tested alone. */
const AUTH = { GATEWAY_API_KEYS: `backoffice:${KEY_HASH}` };
const REMOTE = { DQE_BASE_URL: 'https://dqe.example.com', ...CREDENTIALS, ...AUTH };

function config(env: Record<string, string | undefined>): Config {
  const result = loadConfig(env);
  if (!result.ok) throw new Error(`expected a valid config, got ${JSON.stringify(result.problems)}`);
  return result.config;
}

function problems(env: Record<string, string | undefined>): string[] {
  const result = loadConfig(env);
  if (result.ok) throw new Error('expected configuration problems');
  return result.problems;
}

const DEFAULT_CONFIG: Config = {
  port: 4000,
  host: '0.0.0.0',
  production: false,
  logLevel: 'info',
  dqe: { kind: 'sandbox' },
  dqeCodeName: undefined,
  transport: 'GET',
  numberFormat: 'national',
  timeoutMs: 10_000,
  defaultPolicy: {
    matchThreshold: 90,
    partialMatchThreshold: 60,
    requiredFields: ['LAST_NAME', 'FIRST_NAME', 'BIRTHDATE'],
  },
  redirectUriAllowlist: [],
  auth: { apiKeys: [], jwt: undefined },
  rateLimitPerMinute: 60,
  maxBodyBytes: 65_536,
  batchLimit: 5,
  persistedOperations: undefined,
  graphiql: true,
  graphqlJit: true,
  introspection: true,
  corsOrigins: [],
  metricsToken: undefined,
  shutdownTimeoutMs: 10_000,
  resilience: {
    maxRetries: 2,
    breakerThreshold: 5,
    breakerCooldownMs: 10_000,
    maxConcurrency: 32,
    maxQueue: 64,
    bulkSharePercent: 50,
  },
  idempotency: { ttlSeconds: 600, maxEntries: 10_000 },
  matchResults: { ttlSeconds: 900, maxEntries: 10_000 },
  routerSharedSecret: undefined,
  bulkMaxItems: 50,
  redis: undefined,
  tracing: undefined,
  propagateTrace: true,
  camara: { remote: undefined, scope: 'kyc-match:match', timeoutMs: 10_000 },
  // Every number to DQE, as before providers existed.
  matchRoutes: new Map([['*', ['dqe']]]),
};

describe('loadConfig — defaults', () => {
  it('an empty environment runs the sandbox with the documented defaults', () => {
    expect(loadConfig({})).toEqual({ ok: true, config: DEFAULT_CONFIG });
  });

  it('blank variables count as unset', () => {
    const blank = Object.fromEntries(
      [
        'PORT',
        'HOST',
        'NODE_ENV',
        'LOG_LEVEL',
        'DQE_BASE_URL',
        'DQE_LICENCE',
        'DQE_CLIENT_SECRET',
        'DQE_PARTNER_NAME',
        'DQE_CODE_NAME',
        'DQE_TRANSPORT',
        'DQE_NUMBER_FORMAT',
        'DQE_TIMEOUT_MS',
        'MATCH_THRESHOLD',
        'PARTIAL_MATCH_THRESHOLD',
        'REDIRECT_URI_ALLOWLIST',
      ].map((name, i) => [name, i % 2 === 0 ? '' : '   ']),
    );
    expect(loadConfig(blank)).toEqual({ ok: true, config: DEFAULT_CONFIG });
  });

  it('ignores variables it does not know', () => {
    expect(loadConfig({ PATH: '/usr/bin', HOME: '/root', npm_config_foo: 'x' })).toEqual({
      ok: true,
      config: DEFAULT_CONFIG,
    });
  });
});

describe('loadConfig — every variable read', () => {
  it('reads a complete production environment', () => {
    expect(
      config({
        ...REMOTE,
        NODE_ENV: 'production',
        PORT: '8080',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        DQE_CODE_NAME: 'campaign',
        DQE_TRANSPORT: 'POST',
        DQE_NUMBER_FORMAT: 'e164',
        DQE_TIMEOUT_MS: '2500',
        MATCH_THRESHOLD: '85',
        PARTIAL_MATCH_THRESHOLD: '50',
        REDIRECT_URI_ALLOWLIST: 'https://app.example.com/cb,https://other.example.com',
      }),
    ).toEqual({
      port: 8080,
      host: '127.0.0.1',
      production: true,
      logLevel: 'warn',
      dqe: {
        kind: 'remote',
        baseUrl: 'https://dqe.example.com',
        licence: CREDENTIALS.DQE_LICENCE,
        clientSecret: CREDENTIALS.DQE_CLIENT_SECRET,
        partnerName: 'acme',
      },
      dqeCodeName: 'campaign',
      transport: 'POST',
      numberFormat: 'e164',
      timeoutMs: 2500,
      defaultPolicy: {
        matchThreshold: 85,
        partialMatchThreshold: 50,
        requiredFields: ['LAST_NAME', 'FIRST_NAME', 'BIRTHDATE'],
      },
      redirectUriAllowlist: ['https://app.example.com/cb', 'https://other.example.com'],
      auth: { apiKeys: [{ clientId: 'backoffice', sha256: KEY_HASH, trusted: false }], jwt: undefined },
      rateLimitPerMinute: 60,
      maxBodyBytes: 65_536,
      batchLimit: 5,
      persistedOperations: undefined,
      graphiql: false,
      graphqlJit: true,
      introspection: false,
      corsOrigins: [],
      metricsToken: undefined,
      shutdownTimeoutMs: 10_000,
      resilience: DEFAULT_CONFIG.resilience,
      idempotency: DEFAULT_CONFIG.idempotency,
      matchResults: DEFAULT_CONFIG.matchResults,
      routerSharedSecret: undefined,
      bulkMaxItems: 50,
      redis: undefined,
      tracing: undefined,
      propagateTrace: true,
      camara: DEFAULT_CONFIG.camara,
      matchRoutes: DEFAULT_CONFIG.matchRoutes,
    } satisfies Config);
  });

  it('MATCH_ROUTES: SELECTOR=provider[>fallback…] by country of the number, * for the rest', () => {
    expect(config({ MATCH_ROUTES: 'FR=dqe>camara, ES=camara,*=dqe' }).matchRoutes).toEqual(
      new Map([
        ['FR', ['dqe', 'camara']],
        ['ES', ['camara']],
        ['*', ['dqe']],
      ]),
    );
    expect(problems({ MATCH_ROUTES: 'FR=dqe' })).toEqual([
      'MATCH_ROUTES: a route for * (every other country) is required',
    ]);
    expect(problems({ MATCH_ROUTES: 'fr=dqe,*=dqe' })[0]).toMatch(/upper-case ISO country code/);
    expect(problems({ MATCH_ROUTES: 'FR=dqe>acme,*=dqe' })[0]).toMatch(
      /route FR must name each of dqe, camara/,
    );
    expect(problems({ MATCH_ROUTES: '*=dqe>dqe' })[0]).toMatch(/at most once/);
    expect(problems({ MATCH_ROUTES: '*=dqe,*=camara' })).toEqual(['MATCH_ROUTES: * is routed twice']);
  });

  it('a route naming camara without CAMARA_API_ROOT stops start-up in production (the sandbox is for development)', () => {
    const routes = { MATCH_ROUTES: 'ES=camara,*=dqe' };
    expect(problems({ ...REMOTE, ...AUTH, NODE_ENV: 'production', ...routes })).toEqual([
      'MATCH_ROUTES names camara but CAMARA_API_ROOT is not set (the embedded CAMARA sandbox is for development)',
    ]);
    expect(config(routes).matchRoutes.get('ES')).toEqual(['camara']);
  });

  it('REDIS_URL turns on the shared stores: redis:// or rediss://, prefix and command timeout', () => {
    expect(config({}).redis).toBeUndefined();
    expect(config({ REDIS_URL: 'rediss://gw:s3cret@redis.internal:6380/2' }).redis).toEqual({
      url: 'rediss://gw:s3cret@redis.internal:6380/2',
      keyPrefix: 'idm:',
      timeoutMs: 200,
    });
    expect(
      config({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: 'gw1:', REDIS_TIMEOUT_MS: '50' }).redis,
    ).toMatchObject({ keyPrefix: 'gw1:', timeoutMs: 50 });
    const refused = problems({ REDIS_URL: 'http://user:s3cret@redis.internal' });
    expect(refused).toEqual(['REDIS_URL must be a redis:// or rediss:// URL']);
    expect(refused.join()).not.toContain('s3cret');
  });

  it('trims values', () => {
    const c = config({
      ...REMOTE,
      DQE_BASE_URL: ' https://dqe.example.com ',
      DQE_LICENCE: ' lic ',
      HOST: ' localhost ',
      PORT: ' 5000 ',
      DQE_CODE_NAME: '  code  ',
      DQE_NUMBER_FORMAT: ' international ',
      LOG_LEVEL: ' debug ',
    });
    expect(c).toMatchObject({
      host: 'localhost',
      port: 5000,
      dqeCodeName: 'code',
      numberFormat: 'international',
      logLevel: 'debug',
      dqe: { kind: 'remote', baseUrl: 'https://dqe.example.com', licence: 'lic' },
    });
  });

  it.each(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])('LOG_LEVEL %s', (LOG_LEVEL) => {
    expect(config({ LOG_LEVEL }).logLevel).toBe(LOG_LEVEL);
  });

  it.each(['national', 'e164', 'international'] as const)('DQE_NUMBER_FORMAT %s', (format) => {
    expect(config({ DQE_NUMBER_FORMAT: format }).numberFormat).toBe(format);
  });

  it.each(['GET', 'POST'] as const)('DQE_TRANSPORT %s', (transport) => {
    expect(config({ DQE_TRANSPORT: transport }).transport).toBe(transport);
  });

  it.each([
    ['PORT', '0', 'port', 0],
    ['PORT', '65535', 'port', 65535],
    ['DQE_TIMEOUT_MS', '100', 'timeoutMs', 100],
    ['DQE_TIMEOUT_MS', '120000', 'timeoutMs', 120_000],
  ] as const)('%s=%s is within bounds', (name, value, key, expected) => {
    expect(config({ [name]: value })[key]).toBe(expected);
  });

  it.each([
    ['100', '0'],
    ['0', '0'],
    ['75', '75'],
    ['100', '100'],
  ])('MATCH_THRESHOLD=%s, PARTIAL_MATCH_THRESHOLD=%s accepted', (match, partial) => {
    expect(config({ MATCH_THRESHOLD: match, PARTIAL_MATCH_THRESHOLD: partial }).defaultPolicy).toMatchObject({
      matchThreshold: Number(match),
      partialMatchThreshold: Number(partial),
    });
  });

  it('NODE_ENV other than production is not production', () => {
    expect(config({ NODE_ENV: 'development' }).production).toBe(false);
    expect(config({ NODE_ENV: 'test' }).production).toBe(false);
  });
});

describe('loadConfig — one bad variable', () => {
  it.each([
    ['PORT', 'abc', 'PORT must be a whole number'],
    ['PORT', '80.5', 'PORT must be a whole number'],
    ['PORT', '-1', 'PORT must be at least 0'],
    ['PORT', '65536', 'PORT must be at most 65535'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent'],
    ['DQE_TRANSPORT', 'PUT', 'DQE_TRANSPORT must be one of GET, POST'],
    ['DQE_NUMBER_FORMAT', 'E.164', 'DQE_NUMBER_FORMAT must be one of national, e164, international'],
    ['DQE_TIMEOUT_MS', 'soon', 'DQE_TIMEOUT_MS must be a whole number'],
    ['DQE_TIMEOUT_MS', '99', 'DQE_TIMEOUT_MS must be at least 100'],
    ['DQE_TIMEOUT_MS', '120001', 'DQE_TIMEOUT_MS must be at most 120000'],
    ['MATCH_THRESHOLD', '101', 'MATCH_THRESHOLD must be at most 100'],
    ['MATCH_THRESHOLD', '89.5', 'MATCH_THRESHOLD must be a whole number'],
    ['PARTIAL_MATCH_THRESHOLD', '-1', 'PARTIAL_MATCH_THRESHOLD must be at least 0'],
    ['PARTIAL_MATCH_THRESHOLD', 'sixty', 'PARTIAL_MATCH_THRESHOLD must be a whole number'],
  ])('%s=%j → %s', (name, value, message) => {
    expect(problems({ [name]: value })).toEqual([message]);
  });

  it.each(['dqe.example.com', 'ftp://dqe.example.com', 'not a url', 'file:///etc/passwd'])(
    'DQE_BASE_URL=%j is refused',
    (url) => {
      expect(problems({ ...REMOTE, DQE_BASE_URL: url })).toEqual(['DQE_BASE_URL must be an http(s) URL']);
    },
  );

  it.each(['http://localhost:8080', 'https://dqe.example.com/base/'])(
    'DQE_BASE_URL=%s is accepted',
    (url) => {
      expect(config({ ...REMOTE, DQE_BASE_URL: url }).dqe).toMatchObject({ kind: 'remote', baseUrl: url });
    },
  );
});

describe('loadConfig — every problem at once', () => {
  it('lists each bad variable in one result', () => {
    const list = problems({
      PORT: '70000',
      LOG_LEVEL: 'loud',
      DQE_TRANSPORT: 'PUT',
      DQE_NUMBER_FORMAT: 'x',
      DQE_TIMEOUT_MS: '5',
      MATCH_THRESHOLD: '101',
      PARTIAL_MATCH_THRESHOLD: '-1',
      REDIRECT_URI_ALLOWLIST: 'app.example.com',
    });
    expect(list).toHaveLength(8);
    expect(list).toEqual(
      expect.arrayContaining([
        'PORT must be at most 65535',
        'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
        'DQE_TRANSPORT must be one of GET, POST',
        'DQE_NUMBER_FORMAT must be one of national, e164, international',
        'DQE_TIMEOUT_MS must be at least 100',
        'MATCH_THRESHOLD must be at most 100',
        'PARTIAL_MATCH_THRESHOLD must be at least 0',
        'REDIRECT_URI_ALLOWLIST has an entry that is not a URL: app.example.com',
      ]),
    );
  });

  it('lists per-variable and cross-variable problems together', () => {
    const list = problems({ DQE_BASE_URL: 'ftp://dqe.example.com', PORT: 'abc' });
    expect(list).toHaveLength(5);
    expect(list).toEqual(
      expect.arrayContaining([
        'PORT must be a whole number',
        'DQE_BASE_URL must be an http(s) URL',
        'DQE_LICENCE is required when DQE_BASE_URL is set',
        'DQE_CLIENT_SECRET is required when DQE_BASE_URL is set',
        'DQE_PARTNER_NAME is required when DQE_BASE_URL is set',
      ]),
    );
  });

  it('reports a refused production sandbox next to a bad variable', () => {
    const list = problems({ NODE_ENV: 'production', LOG_LEVEL: 'loud', ...AUTH });
    expect(list).toHaveLength(2);
    expect(list[0]).toBe('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent');
    expect(list[1]).toMatch(/^DQE_BASE_URL is required when NODE_ENV=production/);
  });
});

describe('loadConfig — DQE target', () => {
  it('DQE_BASE_URL with the three credentials → remote', () => {
    expect(config(REMOTE).dqe).toEqual({
      kind: 'remote',
      baseUrl: 'https://dqe.example.com',
      licence: CREDENTIALS.DQE_LICENCE,
      clientSecret: CREDENTIALS.DQE_CLIENT_SECRET,
      partnerName: 'acme',
    });
  });

  it.each(['DQE_LICENCE', 'DQE_CLIENT_SECRET', 'DQE_PARTNER_NAME'])(
    'DQE_BASE_URL without %s is refused',
    (name) => {
      expect(problems({ ...REMOTE, [name]: undefined })).toEqual([
        `${name} is required when DQE_BASE_URL is set`,
      ]);
      expect(problems({ ...REMOTE, [name]: '   ' })).toEqual([
        `${name} is required when DQE_BASE_URL is set`,
      ]);
    },
  );

  it('DQE_BASE_URL alone → the three credentials are reported', () => {
    expect(problems({ DQE_BASE_URL: 'https://dqe.example.com' })).toEqual([
      'DQE_LICENCE is required when DQE_BASE_URL is set',
      'DQE_CLIENT_SECRET is required when DQE_BASE_URL is set',
      'DQE_PARTNER_NAME is required when DQE_BASE_URL is set',
    ]);
  });

  it('credentials without DQE_BASE_URL → the sandbox', () => {
    expect(config(CREDENTIALS).dqe).toEqual({ kind: 'sandbox' });
  });

  it.each([{}, { DQE_BASE_URL: '' }, { DQE_BASE_URL: '   ' }, CREDENTIALS])(
    'NODE_ENV=production without DQE_BASE_URL is refused (%j)',
    (env) => {
      expect(problems({ NODE_ENV: 'production', ...AUTH, ...env })).toEqual([
        'DQE_BASE_URL is required when NODE_ENV=production (the embedded sandbox is for development)',
      ]);
    },
  );

  it('NODE_ENV=production with a remote DQE is accepted', () => {
    const c = config({ NODE_ENV: 'production', ...REMOTE });
    expect(c.production).toBe(true);
    expect(c.dqe.kind).toBe('remote');
  });
});

describe('loadConfig — thresholds', () => {
  it.each([
    [{ PARTIAL_MATCH_THRESHOLD: '91' }],
    [{ MATCH_THRESHOLD: '59' }],
    [{ MATCH_THRESHOLD: '70', PARTIAL_MATCH_THRESHOLD: '71' }],
  ])('refuses a partial threshold above the match threshold: %j', (env) => {
    expect(problems(env)).toEqual(['PARTIAL_MATCH_THRESHOLD must not be above MATCH_THRESHOLD']);
  });
});

describe('loadConfig — REDIRECT_URI_ALLOWLIST', () => {
  it.each([
    [undefined, []],
    ['', []],
    ['https://app.example.com', ['https://app.example.com']],
    [
      ' https://a.example.com/cb , ,https://b.example.com ,',
      ['https://a.example.com/cb', 'https://b.example.com'],
    ],
    [
      'http://localhost:3000/cb,https://app.example.com/x/',
      ['http://localhost:3000/cb', 'https://app.example.com/x/'],
    ],
  ])('%j → %j', (value, expected) => {
    expect(config({ REDIRECT_URI_ALLOWLIST: value }).redirectUriAllowlist).toEqual(expected);
  });

  it('refuses each entry that is not a URL', () => {
    expect(problems({ REDIRECT_URI_ALLOWLIST: 'https://ok.example.com, app.example.com ,/cb' })).toEqual([
      'REDIRECT_URI_ALLOWLIST has an entry that is not a URL: app.example.com',
      'REDIRECT_URI_ALLOWLIST has an entry that is not a URL: /cb',
    ]);
  });
});

describe('loadConfig — secrets never appear in problems', () => {
  const secrets = [CREDENTIALS.DQE_LICENCE, CREDENTIALS.DQE_CLIENT_SECRET, 's3cr3t'];

  it.each<[string, Record<string, string | undefined>]>([
    ['credentials without a partner name', { ...REMOTE, DQE_PARTNER_NAME: undefined }],
    ['a bad base URL', { ...REMOTE, DQE_BASE_URL: 'ftp://dqe.example.com' }],
    ['a base URL that is not a URL', { ...REMOTE, DQE_BASE_URL: `not a url ${CREDENTIALS.DQE_LICENCE}` }],
    [
      'every other variable wrong',
      {
        ...REMOTE,
        NODE_ENV: 'production',
        PORT: 'x',
        LOG_LEVEL: 'x',
        DQE_TRANSPORT: 'x',
        DQE_NUMBER_FORMAT: 'x',
        DQE_TIMEOUT_MS: 'x',
        MATCH_THRESHOLD: '50',
        PARTIAL_MATCH_THRESHOLD: '-5',
      },
    ],
    ['production with credentials but no URL', { ...CREDENTIALS, NODE_ENV: 'production' }],
  ])('%s', (_label, env) => {
    const list = problems(env);
    expect(list.length).toBeGreaterThan(0);
    const text = list.join('\n');
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});

describe('review fixes', () => {
  it('reports the threshold order together with other problems', () => {
    const result = loadConfig({ PORT: 'abc', MATCH_THRESHOLD: '50' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toHaveLength(2);
      expect(result.problems.join('\n')).toMatch(/PARTIAL_MATCH_THRESHOLD must not be above MATCH_THRESHOLD/);
    }
  });

  it('reads enumerated values case-insensitively', () => {
    const result = loadConfig({ DQE_TRANSPORT: 'post', DQE_NUMBER_FORMAT: 'E164' });
    expect(result.ok && [result.config.transport, result.config.numberFormat]).toEqual(['POST', 'e164']);
  });
});

describe('loadConfig — guard rails', () => {
  it('production refuses open access: API keys or a JWKS are required', () => {
    const env = { NODE_ENV: 'production', DQE_BASE_URL: 'https://dqe.example.com', ...CREDENTIALS };
    expect(problems(env)).toEqual([
      'GATEWAY_API_KEYS or JWT_JWKS_URL is required when NODE_ENV=production (no open access)',
    ]);
    expect(
      config({ ...env, JWT_JWKS_URL: 'https://idp.example.com/jwks', JWT_ISSUER: 'i', JWT_AUDIENCE: 'a' })
        .auth.jwt,
    ).toEqual({ jwksUrl: 'https://idp.example.com/jwks', issuer: 'i', audience: 'a' });
  });

  it('JWT_JWKS_URL needs an issuer and an audience', () => {
    expect(problems({ JWT_JWKS_URL: 'https://idp.example.com/jwks' })).toEqual([
      'JWT_ISSUER is required when JWT_JWKS_URL is set',
      'JWT_AUDIENCE is required when JWT_JWKS_URL is set',
    ]);
  });

  it('GATEWAY_API_KEYS entries: clientId:sha256hex, optionally :trusted; problems never echo the entry', () => {
    const upper = 'CD'.repeat(32);
    expect(config({ GATEWAY_API_KEYS: `web:${KEY_HASH}, ops:${upper}:trusted` }).auth.apiKeys).toEqual([
      { clientId: 'web', sha256: KEY_HASH, trusted: false },
      { clientId: 'ops', sha256: upper.toLowerCase(), trusted: true },
    ]);
    const list = problems({ GATEWAY_API_KEYS: `web:${KEY_HASH},plain-secret-key,web:${KEY_HASH}` });
    expect(list).toEqual([
      'GATEWAY_API_KEYS entry 2 must be clientId:sha256hex (64 hex digits), optionally :trusted',
      'GATEWAY_API_KEYS has client id web more than once',
    ]);
    expect(list.join()).not.toContain('plain-secret-key');
  });

  it("GATEWAY_API_KEYS refuses the gateway's own client ids (the router's, open access's)", () => {
    expect(problems({ GATEWAY_API_KEYS: `router:${KEY_HASH},open:${KEY_HASH}` })).toEqual([
      'GATEWAY_API_KEYS entry 1 uses the reserved client id router',
      'GATEWAY_API_KEYS entry 2 uses the reserved client id open',
    ]);
  });

  it('reads limits, exposure switches, CORS and shutdown settings', () => {
    const c = config({
      RATE_LIMIT_PER_MINUTE: '5',
      MAX_BODY_BYTES: '2048',
      BATCH_LIMIT: '3',
      PERSISTED_OPERATIONS_FILE: 'persisted-documents.json',
      PERSISTED_OPERATIONS_ONLY: 'true',
      GRAPHIQL: 'false',
      INTROSPECTION: '0',
      CORS_ORIGINS: 'https://app.example.com, https://admin.example.com',
      METRICS_TOKEN: 'metrics-secret',
      SHUTDOWN_TIMEOUT_MS: '2500',
    });
    expect(c).toMatchObject({
      rateLimitPerMinute: 5,
      maxBodyBytes: 2048,
      batchLimit: 3,
      persistedOperations: { file: 'persisted-documents.json', only: true },
      graphiql: false,
      introspection: false,
      corsOrigins: ['https://app.example.com', 'https://admin.example.com'],
      metricsToken: 'metrics-secret',
      shutdownTimeoutMs: 2500,
    });
  });

  it('compiles operations with graphql-jit unless GRAPHQL_JIT=false (issue 18: the A/B keeps it)', () => {
    expect(config({}).graphqlJit).toBe(true);
    expect(config({ NODE_ENV: 'production', ...REMOTE }).graphqlJit).toBe(true);
    expect(config({ GRAPHQL_JIT: 'false' }).graphqlJit).toBe(false);
  });

  it('GraphiQL and introspection can be turned on in production', () => {
    const c = config({ NODE_ENV: 'production', ...REMOTE, GRAPHIQL: 'true', INTROSPECTION: 'yes' });
    expect([c.graphiql, c.introspection]).toEqual([true, true]);
  });

  it('refuses incoherent guard-rail settings, all at once', () => {
    expect(
      problems({
        PERSISTED_OPERATIONS_ONLY: 'true',
        GRAPHIQL: 'maybe',
        CORS_ORIGINS: 'not an origin',
        BATCH_LIMIT: '0',
      }),
    ).toEqual([
      'BATCH_LIMIT must be at least 1',
      'GRAPHIQL must be true or false (also 1/0, yes/no)',
      'PERSISTED_OPERATIONS_ONLY is on but PERSISTED_OPERATIONS_FILE is not set: the switch cannot take effect',
      'CORS_ORIGINS has an entry that is not an origin: not an origin',
    ]);
  });
});

describe('loadConfig — router secret', () => {
  it('refuses a short ROUTER_SHARED_SECRET without echoing it', () => {
    const list = problems({ ROUTER_SHARED_SECRET: 'short-secret' });
    expect(list).toEqual([expect.stringMatching(/^ROUTER_SHARED_SECRET must be at least 24 characters/)]);
    expect(list.join()).not.toContain('short-secret');
    expect(config({ ROUTER_SHARED_SECRET: 'r'.repeat(24) }).routerSharedSecret).toBe('r'.repeat(24));
  });
});

describe('loadConfig — boolean variables (issue 15, item 3)', () => {
  const BOOLEANS = [
    'PERSISTED_OPERATIONS_ONLY',
    'GRAPHIQL',
    'GRAPHQL_JIT',
    'INTROSPECTION',
    'DQE_PROPAGATE_TRACE',
    'OTEL_SDK_DISABLED',
  ] as const;
  const ENDPOINT = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
  const FILE = { PERSISTED_OPERATIONS_FILE: 'persisted-documents.json' };
  const read = (name: (typeof BOOLEANS)[number], value: string) => {
    const c = config({ ...FILE, ...ENDPOINT, [name]: value });
    return {
      PERSISTED_OPERATIONS_ONLY: c.persistedOperations?.only,
      GRAPHIQL: c.graphiql,
      GRAPHQL_JIT: c.graphqlJit,
      INTROSPECTION: c.introspection,
      DQE_PROPAGATE_TRACE: c.propagateTrace,
      OTEL_SDK_DISABLED: c.tracing === undefined,
    }[name];
  };

  it('every boolean variable goes through the one reader', () => {
    const readers = Object.entries(envSchema.shape).filter(([, reader]) => reader === optionalBoolean);
    expect(readers.map(([name]) => name)).toEqual([...BOOLEANS]);
  });

  it.each(BOOLEANS)('%s accepts the same spellings, in any case and with spaces around', (name) => {
    for (const yes of ['true', 'TRUE', ' True ', '1', 'yes', 'YES']) expect(read(name, yes)).toBe(true);
    for (const no of ['false', 'FALSE', '0', 'no', ' No ']) expect(read(name, no)).toBe(false);
    for (const other of ['on', 'y', '2', 'enabled']) {
      expect(problems({ ...FILE, [name]: other })).toEqual([
        `${name} must be true or false (also 1/0, yes/no)`,
      ]);
    }
  });

  it.each(['true', '1', 'yes', 'YES', ' True '])(
    'PERSISTED_OPERATIONS_ONLY=%s without PERSISTED_OPERATIONS_FILE stops start-up, naming both',
    (value) => {
      expect(problems({ PERSISTED_OPERATIONS_ONLY: value })).toEqual([
        'PERSISTED_OPERATIONS_ONLY is on but PERSISTED_OPERATIONS_FILE is not set: the switch cannot take effect',
      ]);
    },
  );

  it('PERSISTED_OPERATIONS_ONLY off or unset needs no file', () => {
    for (const value of ['0', 'no', 'false', '', undefined]) {
      expect(config({ PERSISTED_OPERATIONS_ONLY: value }).persistedOperations).toBeUndefined();
    }
  });

  it('JWT_ISSUER or JWT_AUDIENCE without JWT_JWKS_URL stops start-up: that check could never run', () => {
    expect(problems({ JWT_ISSUER: 'https://idp.example.com/' })).toEqual([
      'JWT_JWKS_URL is required when JWT_ISSUER is set (no JWT is accepted without it)',
    ]);
    expect(problems({ JWT_AUDIENCE: 'gateway', JWT_ISSUER: '  ' })).toEqual([
      'JWT_JWKS_URL is required when JWT_AUDIENCE is set (no JWT is accepted without it)',
    ]);
  });

  it('a cross-variable rule reads parsed values: a bad threshold is reported once, not compared', () => {
    expect(problems({ MATCH_THRESHOLD: 'high', PARTIAL_MATCH_THRESHOLD: '95' })).toEqual([
      'MATCH_THRESHOLD must be a whole number',
    ]);
  });
});

describe('loadConfig — OpenTelemetry (issue 18)', () => {
  it('reads the standard OTEL_* variables; no endpoint means no tracing', () => {
    expect(config({}).tracing).toBeUndefined();
    expect(config({}).propagateTrace).toBe(true);
    expect(
      config({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'idm-eu',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.1',
        DQE_PROPAGATE_TRACE: 'false',
      }),
    ).toMatchObject({
      tracing: {
        endpoint: 'http://collector:4318',
        protocol: 'http/json',
        serviceName: 'idm-eu',
        sampler: 'parentbased_traceidratio',
        samplerArg: 0.1,
      },
      propagateTrace: false,
    });
    expect(config({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracing).toMatchObject({
      protocol: 'http/protobuf',
      serviceName: 'idmobile-gateway',
      sampler: 'parentbased_always_on',
    });
    expect(config({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }).tracing).toBe(
      undefined,
    );
  });

  it('names every bad OTEL_* value', () => {
    expect(
      problems({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_TRACES_SAMPLER: 'jaeger_remote',
        OTEL_TRACES_SAMPLER_ARG: '2',
      }),
    ).toEqual([
      'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL',
      'OTEL_EXPORTER_OTLP_PROTOCOL must be one of http/protobuf, http/json',
      expect.stringMatching(/^OTEL_TRACES_SAMPLER must be one of parentbased_always_on, /),
      'OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1',
    ]);
  });
});
