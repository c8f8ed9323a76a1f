import { describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../../src/config/index.js';

// Issue 19: CAMARA_* — all optional, nothing changes when unset, problems name the variable only.

const SECRET = 'camara-S3CRET-9f2e77';
const REMOTE = {
  CAMARA_API_ROOT: 'https://api.operator.example/kyc-match/v0.4',
  CAMARA_TOKEN_URL: 'https://auth.operator.example/oauth2/token',
  CAMARA_CLIENT_ID: 'gateway-client',
  CAMARA_CLIENT_SECRET: SECRET,
};

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

describe('loadConfig — CAMARA', () => {
  it('unset: no remote endpoint, the default scope and timeout', () => {
    expect(config({}).camara).toEqual({ remote: undefined, scope: 'kyc-match:match', timeoutMs: 10_000 });
  });

  it('reads the endpoint, its credentials, the scope and the timeout', () => {
    expect(
      config({ ...REMOTE, CAMARA_SCOPE: 'kyc-match:match openid', CAMARA_TIMEOUT_MS: '4000' }).camara,
    ).toEqual({
      remote: {
        apiRoot: REMOTE.CAMARA_API_ROOT,
        tokenUrl: REMOTE.CAMARA_TOKEN_URL,
        clientId: 'gateway-client',
        clientSecret: SECRET,
      },
      scope: 'kyc-match:match openid',
      timeoutMs: 4000,
    });
  });

  it('CAMARA_API_ROOT needs the token URL and the client credentials, and they need it', () => {
    expect(problems({ CAMARA_API_ROOT: REMOTE.CAMARA_API_ROOT })).toEqual([
      'CAMARA_TOKEN_URL is required when CAMARA_API_ROOT is set',
      'CAMARA_CLIENT_ID is required when CAMARA_API_ROOT is set',
      'CAMARA_CLIENT_SECRET is required when CAMARA_API_ROOT is set',
    ]);
    expect(problems({ CAMARA_CLIENT_SECRET: SECRET })).toEqual([
      'CAMARA_API_ROOT is required when CAMARA_CLIENT_SECRET is set',
    ]);
  });

  it('refuses bad values naming the variable, never repeating the secret or the URL', () => {
    const list = problems({
      ...REMOTE,
      CAMARA_API_ROOT: `https://user:${SECRET}@api.operator.example/kyc-match/v0.4?x=1`,
      CAMARA_TOKEN_URL: 'ftp://auth.operator.example/token',
      CAMARA_SCOPE: 'kyc-match:match\u0000"',
      CAMARA_TIMEOUT_MS: '10',
    });
    expect(list).toEqual([
      'CAMARA_TOKEN_URL must be an http(s) URL',
      'CAMARA_TIMEOUT_MS must be at least 100',
      'CAMARA_API_ROOT must not carry credentials, a query string or a fragment',
      'CAMARA_SCOPE must be OAuth2 scope tokens separated by single spaces',
    ]);
    expect(list.join('\n')).not.toContain(SECRET);
    expect(list.join('\n')).not.toContain('operator.example');
  });
});
