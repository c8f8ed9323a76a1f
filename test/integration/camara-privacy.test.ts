/**
 * Issue 19, privacy: whatever a CAMARA call ends with, its error (message, stack, causes, what a logger
 * would print) names no secret, no token, no URL and none of the submitted personal data.
 */
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { CamaraClient } from '../../src/camara/client.js';
import { CamaraError } from '../../src/camara/errors.js';
import { ResilientCamaraClient } from '../../src/camara/resilient-camara-client.js';
import {
  CAMARA_MAGIC_NUMBERS,
  CAMARA_SANDBOX_CREDENTIALS,
  type CamaraSandbox,
  startCamaraSandbox,
} from '../../src/sandbox/camara/index.js';
import { closeCamaraClients, FULL_USER_INFOS } from '../support/camara.js';

let sandbox: CamaraSandbox;
beforeAll(async () => {
  sandbox = await startCamaraSandbox({ slowResponseMs: 1_000 });
});
afterEach(() => closeCamaraClients());
afterAll(() => sandbox.close());

const SECRET = CAMARA_SANDBOX_CREDENTIALS.clientSecret;

/** Everything a log line could carry of an error: message, stack, every cause, its inspection. */
function printed(error: unknown): string {
  const parts: string[] = [inspect(error, { depth: 6 }), JSON.stringify(error)];
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 6; e = e.cause, depth += 1) {
    parts.push(e.message, e.stack ?? '', String(e));
  }
  return parts.join('\n');
}

function forbidden(sandboxUrl: string, phoneNumber: string): string[] {
  const personal = Object.values(FULL_USER_INFOS).filter((v) => v.length >= 4 && !['FEMALE'].includes(v));
  return [
    SECRET,
    phoneNumber,
    phoneNumber.slice(1),
    sandboxUrl,
    '/kyc-match',
    '/oauth2',
    'X7788991',
    ...personal,
  ];
}

it('no error of any magic number, and no hook argument, carries a secret, a token, a URL or personal data', async () => {
  const seen: unknown[] = [];
  const client = new CamaraClient({
    apiRoot: sandbox.apiRoot,
    tokenUrl: sandbox.tokenUrl,
    ...CAMARA_SANDBOX_CREDENTIALS,
    timeoutMs: 400,
    hooks: { onCall: (...args) => seen.push(args), onTokenRequest: (...args) => seen.push(args) },
  });
  const resilient = new ResilientCamaraClient(client, {
    timeoutMs: 400,
    maxRetries: 1,
    breakerThreshold: 1000,
    breakerCooldownMs: 1000,
    maxConcurrency: 8,
    maxQueue: 8,
    backoff: { initialDelayMs: 1, maxDelayMs: 1 },
  });
  let failures = 0;
  try {
    for (const { spanish, french } of CAMARA_MAGIC_NUMBERS) {
      for (const phoneNumber of [spanish, french]) {
        try {
          await resilient.match({ phoneNumber, userInfos: { ...FULL_USER_INFOS }, idDocument: 'X7788991' });
        } catch (error) {
          expect(error).toBeInstanceOf(CamaraError);
          failures += 1;
          const text = printed(error);
          for (const value of forbidden(sandbox.url, phoneNumber))
            expect(text, String(error)).not.toContain(value);
          expect(text).not.toMatch(/camara-[0-9a-f]{40}/); // a sandbox token
        }
      }
    }
    expect(failures).toBeGreaterThan(30);
    const hooks = inspect(seen, { depth: 6 });
    expect(hooks).not.toContain(SECRET);
    expect(hooks).not.toMatch(/camara-[0-9a-f]{40}/);
  } finally {
    await client.destroy();
  }
});

it('nor do the failures of the token endpoint and of a refused connection', async () => {
  const cases = [
    { tokenUrl: `${sandbox.url}/oauth2/missing` },
    { clientSecret: `${SECRET}-wrong-9f1c` },
    { apiRoot: 'http://127.0.0.1:9/kyc-match/v0.4', tokenUrl: 'http://127.0.0.1:9/oauth2/token' },
  ];
  for (const overrides of cases) {
    const client = new CamaraClient({
      apiRoot: sandbox.apiRoot,
      tokenUrl: sandbox.tokenUrl,
      ...CAMARA_SANDBOX_CREDENTIALS,
      timeoutMs: 400,
      ...overrides,
    });
    try {
      const error = await client
        .match({ phoneNumber: '+34600000000', userInfos: { ...FULL_USER_INFOS } })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(CamaraError);
      const text = printed(error);
      for (const value of [...forbidden(sandbox.url, '+34600000000'), overrides.clientSecret ?? SECRET]) {
        expect(text).not.toContain(value);
      }
      expect(text).not.toContain('Basic ');
    } finally {
      await client.destroy();
    }
  }
});
