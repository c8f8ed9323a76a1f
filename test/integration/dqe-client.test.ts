/**
 * The DQE client against the sandbox, over real loopback HTTP: what DQE receives, token handling, the
 * error-30 retry, each score shape, each error and fault mode, timeouts, and that no message leaks.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DqeClient, type DqeClientOptions } from '../../src/dqe/client.js';
import { DqeError, type DqeErrorKind } from '../../src/dqe/errors.js';
import {
  DQE_SCORE_FIELDS,
  type DqeMatchRequest,
  type DqeUserInfos,
  USER_INFO_KEYS,
} from '../../src/dqe/types.js';
import {
  type DqeSandbox,
  SANDBOX_CREDENTIALS,
  type SandboxRequest,
  startDqeSandbox,
} from '../../src/sandbox/index.js';

const FORM = 'application/x-www-form-urlencoded';
const FULL = '+33600000000';

const USER_INFOS: DqeUserInfos = {
  street_address: 'rue de la Paix',
  postal_code: '75002',
  locality: 'Paris',
  country: 'France',
  birthdate: '1980-02-29',
  email: 'jean.dupont@example.com',
  lastname: 'Dupont',
  maiden_name: '',
  gender: 'M',
  firstname: 'Jean',
  phone: '',
  number: '12',
};

function request(number: string, extra: Partial<DqeMatchRequest> = {}): DqeMatchRequest {
  return { number, userInfos: USER_INFOS, ...extra };
}

const clients: DqeClient[] = [];
function clientFor(sandbox: DqeSandbox, options: Partial<DqeClientOptions> = {}): DqeClient {
  const client = new DqeClient({
    baseUrl: sandbox.url,
    ...SANDBOX_CREDENTIALS,
    timeoutMs: 2_000,
    ...options,
  });
  clients.push(client);
  return client;
}

async function failure(promise: Promise<unknown>): Promise<DqeError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DqeError);
    return error as DqeError;
  }
  throw new Error('expected the call to fail');
}

const matchCalls = (s: DqeSandbox) => s.requests.filter((r) => r.path === '/IDMOBILE/');

/** Every message in an error chain, for leak checks. */
function messagesOf(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 6; depth += 1) {
    parts.push(current.message, current.stack ?? '');
    if (current instanceof AggregateError) for (const e of current.errors) parts.push(messagesOf(e));
    current = current.cause;
  }
  return parts.join('\n');
}

let sandbox: DqeSandbox;
beforeAll(async () => {
  sandbox = await startDqeSandbox({ slowResponseMs: 50 });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  sandbox.clearRequests();
});
afterAll(async () => {
  await sandbox.close();
});

describe('what DQE receives', () => {
  function expectTokenRequest(token: SandboxRequest | undefined) {
    expect(token).toBeDefined();
    expect(token?.method).toBe('POST');
    expect(token?.queryString).toBe('');
    expect(token?.contentType).toBe(FORM);
    expect(token?.params).toEqual({
      licence: SANDBOX_CREDENTIALS.licence,
      client_secret: SANDBOX_CREDENTIALS.clientSecret,
      grant_type: 'client_idmobile',
    });
    expect(token?.body).toContain('client_secret=');
  }

  function expectUserInfos(raw: string | undefined) {
    expect(raw).toBeDefined();
    const parsed = JSON.parse(raw as string) as Record<string, string>;
    expect(Object.keys(parsed)).toEqual([...USER_INFO_KEYS]);
    expect(parsed).toEqual(USER_INFOS);
  }

  it('GET: the token by POST body, then the match parameters in the query string', async () => {
    const client = clientFor(sandbox);
    const result = await client.matchWithoutOtp(request(FULL));
    expect(result.scores.family_name).toBe(1);

    expect(sandbox.requests).toHaveLength(2);
    const [token, match] = sandbox.requests;
    expectTokenRequest(token);

    expect(match?.method).toBe('GET');
    expect(match?.path).toBe('/IDMOBILE/');
    expect(match?.body).toBe('');
    expect(Object.keys(match?.params ?? {})).toEqual([
      'licence',
      'number',
      'token',
      'mode',
      'name',
      'user_infos',
      'scope',
    ]);
    expect(match?.params).toMatchObject({
      licence: SANDBOX_CREDENTIALS.licence,
      number: FULL,
      mode: '2',
      name: SANDBOX_CREDENTIALS.partnerName,
      scope: 'matching_notp',
    });
    expect(match?.params.token).toMatch(/^TK/);
    expect(new URLSearchParams(match?.queryString).get('user_infos')).toBe(match?.params.user_infos);
    expectUserInfos(match?.params.user_infos);
    for (const r of sandbox.requests) expect(r.queryString).not.toContain(SANDBOX_CREDENTIALS.clientSecret);
  });

  it('GET: code_name, redirect_uri and country are sent when given', async () => {
    const client = clientFor(sandbox);
    await client.matchWithoutOtp(
      request('0600000000', {
        codeName: 'CAMPAIGN-7',
        redirectUri: 'https://app.example.com/cb?x=1',
        country: 'FR',
      }),
    );
    const match = matchCalls(sandbox)[0];
    expect(match?.params).toMatchObject({
      number: '0600000000',
      code_name: 'CAMPAIGN-7',
      redirect_uri: 'https://app.example.com/cb?x=1',
      country: 'FR',
    });
    expect(Object.keys(match?.params ?? {})).toEqual([
      'licence',
      'number',
      'token',
      'mode',
      'name',
      'code_name',
      'user_infos',
      'scope',
      'redirect_uri',
      'country',
    ]);
  });

  it('POST: the same parameters in a form body, nothing in the query string', async () => {
    const client = clientFor(sandbox, { transport: 'POST' });
    await client.matchWithoutOtp(request(FULL));
    await client.matchWithoutOtp(
      request(FULL, { codeName: 'C1', country: 'FR', redirectUri: 'https://a.example/cb' }),
    );

    const [token, plain, withOptions] = sandbox.requests;
    expectTokenRequest(token);
    for (const match of [plain, withOptions]) {
      expect(match?.method).toBe('POST');
      expect(match?.path).toBe('/IDMOBILE/');
      expect(match?.queryString).toBe('');
      expect(match?.contentType).toBe(FORM);
      expect(match?.body).toContain('user_infos=');
      expectUserInfos(match?.params.user_infos);
      expect(match?.params).toMatchObject({
        mode: '2',
        scope: 'matching_notp',
        name: SANDBOX_CREDENTIALS.partnerName,
      });
    }
    expect(Object.keys(plain?.params ?? {}).sort()).toEqual(
      ['licence', 'mode', 'name', 'number', 'scope', 'token', 'user_infos'].sort(),
    );
    expect(withOptions?.params).toMatchObject({
      code_name: 'C1',
      country: 'FR',
      redirect_uri: 'https://a.example/cb',
    });
  });

  it('fills missing user_infos keys with "" (DQE would answer 07)', async () => {
    const client = clientFor(sandbox);
    const partial = { lastname: 'Dupont' } as unknown as DqeUserInfos;
    const result = await client.matchWithoutOtp({ number: FULL, userInfos: partial });
    expect(result.scores.family_name).toBe(1);
    expect(result.scores.given_name).toBeNull();
    const sent = JSON.parse(matchCalls(sandbox)[0]?.params.user_infos ?? '{}') as Record<string, string>;
    expect(Object.keys(sent)).toEqual([...USER_INFO_KEYS]);
    expect(sent.lastname).toBe('Dupont');
    expect(sent.firstname).toBe('');
  });

  it('omits empty optional parameters', async () => {
    const client = clientFor(sandbox);
    await client.matchWithoutOtp(request(FULL, { codeName: '', redirectUri: '', country: '' }));
    const params = matchCalls(sandbox)[0]?.params ?? {};
    expect(params).not.toHaveProperty('code_name');
    expect(params).not.toHaveProperty('redirect_uri');
    expect(params).not.toHaveProperty('country');
  });

  it('accepts a base URL with a trailing slash', async () => {
    const client = clientFor(sandbox, { baseUrl: `${sandbox.url}/` });
    await client.matchWithoutOtp(request(FULL));
    expect(sandbox.requests.map((r) => r.path)).toEqual(['/ACCESS_TOKEN/', '/IDMOBILE/']);
  });
});

describe('tokens', () => {
  it('100 concurrent matches on a cold client ask for one token', async () => {
    const client = clientFor(sandbox);
    const results = await Promise.all(
      Array.from({ length: 100 }, () => client.matchWithoutOtp(request(FULL))),
    );
    expect(results).toHaveLength(100);
    expect(sandbox.tokenRequests()).toBe(1);
    expect(sandbox.matchRequests()).toBe(100);
    expect(client.tokenRequestCount).toBe(1);
    expect(new Set(matchCalls(sandbox).map((r) => r.params.token)).size).toBe(1);
  });

  it('reuses the token across sequential calls', async () => {
    const client = clientFor(sandbox);
    for (let i = 0; i < 5; i += 1) await client.matchWithoutOtp(request(FULL));
    expect(sandbox.tokenRequests()).toBe(1);
  });

  it('a revoked token → error 30 → one new token, one retry, success', async () => {
    const client = clientFor(sandbox);
    await client.matchWithoutOtp(request(FULL));
    sandbox.revokeTokens();
    sandbox.clearRequests();

    const result = await client.matchWithoutOtp(request(FULL));
    expect(result.scores.family_name).toBe(1);
    expect(sandbox.tokenRequests()).toBe(1);
    expect(sandbox.matchRequests()).toBe(2);
    const [first, second] = matchCalls(sandbox);
    expect(first?.params.token).not.toBe(second?.params.token);
  });

  it('many concurrent calls hitting a revoked token refresh it once', async () => {
    const client = clientFor(sandbox);
    await client.matchWithoutOtp(request(FULL));
    sandbox.revokeTokens();
    sandbox.clearRequests();
    await Promise.all(Array.from({ length: 20 }, () => client.matchWithoutOtp(request(FULL))));
    expect(sandbox.tokenRequests()).toBe(1);
    expect(sandbox.matchRequests()).toBe(40);
  });

  it('error 30 right after a fresh token → token-rejected-twice, exactly 2 match requests', async () => {
    const client = clientFor(sandbox);
    const error = await failure(client.matchWithoutOtp(request('+33600001030')));
    expect(error.kind).toBe('token-rejected-twice');
    expect(error.errorId).toBe('30');
    expect(error.cause).toBeInstanceOf(DqeError);
    expect(sandbox.matchRequests()).toBe(2);
    expect(sandbox.tokenRequests()).toBe(2);
  });

  it('wrong client secret → token-refused, no match request', async () => {
    const client = clientFor(sandbox, { clientSecret: 'not-the-secret' });
    const error = await failure(client.matchWithoutOtp(request(FULL)));
    expect(error.kind).toBe('token-refused');
    expect(error.httpStatus).toBe(400);
    expect(error.errorId).toBe('03');
    expect(sandbox.matchRequests()).toBe(0);
    expect(messagesOf(error)).not.toContain('not-the-secret');
  });

  it('wrong licence → token-refused', async () => {
    const client = clientFor(sandbox, { licence: 'WRONG-LICENCE' });
    const error = await failure(client.matchWithoutOtp(request(FULL)));
    expect(error.kind).toBe('token-refused');
    expect(messagesOf(error)).not.toContain('WRONG-LICENCE');
  });

  it('a refused token is not cached: the next call asks again', async () => {
    const client = clientFor(sandbox, { clientSecret: 'nope' });
    await failure(client.matchWithoutOtp(request(FULL)));
    await failure(client.matchWithoutOtp(request(FULL)));
    expect(sandbox.tokenRequests()).toBe(2);
  });

  describe('expiry with an injected clock', () => {
    let clock = 0;
    let timed: DqeSandbox;
    beforeAll(async () => {
      timed = await startDqeSandbox({ tokenTtlSeconds: 300, now: () => clock });
    });
    afterAll(async () => {
      await timed.close();
    });

    it('refreshes before the sandbox expires the token (no error 30)', async () => {
      clock = 1_000_000;
      const client = clientFor(timed, { now: () => clock });
      await client.matchWithoutOtp(request(FULL));
      clock += 269_000; // before expiry − margin (270 s): cached
      await client.matchWithoutOtp(request(FULL));
      expect(timed.tokenRequests()).toBe(1);
      clock += 2_000; // past 270 s, before the sandbox's 300 s
      await client.matchWithoutOtp(request(FULL));
      expect(timed.tokenRequests()).toBe(2);
      expect(timed.matchRequests()).toBe(3); // no retry needed
      timed.clearRequests();
    });

    it('a token expired on DQE’s side (clocks disagree) → error 30 → refresh and retry once', async () => {
      clock = 5_000_000;
      let clientClock = clock;
      const client = clientFor(timed, { now: () => clientClock });
      await client.matchWithoutOtp(request(FULL));
      clock += 301_000; // the sandbox expired it; the client's clock lags behind
      clientClock += 1_000;
      const result = await client.matchWithoutOtp(request(FULL));
      expect(result.scores.family_name).toBe(1);
      expect(timed.tokenRequests()).toBe(2);
      expect(timed.matchRequests()).toBe(3);
      timed.clearRequests();
    });
  });
});

describe('score shapes', () => {
  it('full match: 1.0 for each submitted field, null for empty ones', async () => {
    const client = clientFor(sandbox);
    const result = await client.matchWithoutOtp(request(FULL, { userInfos: { ...USER_INFOS, email: '' } }));
    expect(result.scores).toEqual({
      family_name: 1,
      given_name: 1,
      birthdate: 1,
      gender: 1,
      email: null,
      street_address: 1,
      postal_code: 1,
      locality: 1,
      country: 1,
    });
    expect(result.anomalies).toEqual([]);
  });

  it('partial scores as numbers and as numeric strings read the same', async () => {
    const client = clientFor(sandbox);
    const numbers = await client.matchWithoutOtp(request('+33600000001'));
    const strings = await client.matchWithoutOtp(request('+33600000002'));
    expect(numbers.scores).toEqual({
      family_name: 1,
      given_name: 0.75,
      birthdate: 1,
      gender: 1,
      email: 0.4,
      street_address: 0.56,
      postal_code: 0.78,
      locality: 0.44,
      country: 1,
    });
    expect(strings).toEqual(numbers);
  });

  it('all "" → every score null, no anomaly', async () => {
    const result = await clientFor(sandbox).matchWithoutOtp(request('+33600000003'));
    for (const field of DQE_SCORE_FIELDS) expect(result.scores[field]).toBeNull();
    expect(result.anomalies).toEqual([]);
  });

  it('missing keys → null, no anomaly', async () => {
    const result = await clientFor(sandbox).matchWithoutOtp(request('+33600000004'));
    expect(result.scores.family_name).toBe(1);
    expect(result.scores.locality).toBeNull();
    expect(result.anomalies).toEqual([]);
  });

  it('no match → 0.12 everywhere submitted', async () => {
    const result = await clientFor(sandbox).matchWithoutOtp(request('+33600000005'));
    expect(result.scores.family_name).toBe(0.12);
    expect(result.scores.locality).toBe(0.12);
  });

  it('garbage scores → null and anomalies', async () => {
    const result = await clientFor(sandbox).matchWithoutOtp(request('+33600000006'));
    expect(result.scores).toMatchObject({
      family_name: null,
      given_name: null,
      birthdate: null,
      gender: null,
      email: null,
    });
    expect(result.scores.locality).toBe(1);
    expect([...result.anomalies].sort()).toEqual(['birthdate', 'email', 'family_name', 'given_name']);
  });
});

describe('DQE error bodies', () => {
  it.each(['01', '02', '04', '05', '06', '07', '09', '10', '11', '12'])(
    'error %s → error-response',
    async (id) => {
      const error = await failure(clientFor(sandbox).matchWithoutOtp(request(`+336000010${id}`)));
      expect(error.kind).toBe('error-response');
      expect(error.errorId).toBe(id);
      expect(error.httpStatus).toBe(200);
      expect(error.operator).toBeUndefined();
      expect(error.message).toMatch(new RegExp(`^DQE answered error ${id}`));
      expect(sandbox.matchRequests()).toBe(1); // never retried: every call is billed
    },
  );

  it.each(['13', '14', '15', '16', '17'])('error %s names the operator', async (id) => {
    const error = await failure(clientFor(sandbox).matchWithoutOtp(request(`+336000010${id}`)));
    expect(error.kind).toBe('error-response');
    expect(error.errorId).toBe(id);
    expect(error.operator).toBe('Orange');
  });

  it('error 99 comes with HTTP 500 and is still an error-response', async () => {
    const error = await failure(clientFor(sandbox).matchWithoutOtp(request('+33600001099')));
    expect(error).toMatchObject({ kind: 'error-response', errorId: '99', httpStatus: 500 });
  });

  it('validation errors of the sandbox: an invalid number → 10', async () => {
    const error = await failure(clientFor(sandbox).matchWithoutOtp(request('+3360')));
    expect(error).toMatchObject({ kind: 'error-response', errorId: '10' });
  });
});

describe('fault modes', () => {
  const cases: [string, string, DqeErrorKind, number | undefined][] = [
    ['00', 'HTTP 500 html', 'bad-status', 500],
    ['01', '200 text "OK"', 'unreadable-body', 200],
    ['02', '502 empty', 'bad-status', 502],
    ['05', 'socket reset', 'connection-failed', undefined],
    ['06', 'truncated body', 'connection-failed', undefined],
    ['07', 'JSON [1,2,3]', 'unreadable-body', 200],
    ['08', '503 JSON error 99', 'error-response', 503],
  ];
  it.each(cases)('+336000020%s (%s) → %s', async (suffix, _label, kind, httpStatus) => {
    const number = `+336000020${suffix}`;
    const error = await failure(clientFor(sandbox).matchWithoutOtp(request(number)));
    expect(error.kind).toBe(kind);
    expect(error.httpStatus).toBe(httpStatus);
    expect(sandbox.matchRequests()).toBe(1); // no retry
    const text = messagesOf(error);
    for (const secret of [
      SANDBOX_CREDENTIALS.licence,
      SANDBOX_CREDENTIALS.clientSecret,
      number,
      sandbox.url,
      'TK',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('a slow answer within the deadline succeeds', async () => {
    const result = await clientFor(sandbox).matchWithoutOtp(request('+33600002003'));
    expect(result.scores.family_name).toBe(1);
  });

  it('a slow answer beyond the deadline → timeout', async () => {
    const slow = await startDqeSandbox({ slowResponseMs: 5_000 });
    try {
      const slowClient = clientFor(slow, { timeoutMs: 200 });
      const error = await failure(slowClient.matchWithoutOtp(request('+33600002003')));
      expect(error.kind).toBe('timeout');
    } finally {
      await slow.close();
    }
  });

  it('a hanging DQE → timeout within timeoutMs', async () => {
    const client = clientFor(sandbox, { timeoutMs: 200 });
    const started = performance.now();
    const error = await failure(client.matchWithoutOtp(request('+33600002004')));
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe('DQE did not answer within 200 ms');
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(sandbox.matchRequests()).toBe(1);
  });

  it('the client stays usable after a timeout and a reset', async () => {
    const client = clientFor(sandbox, { timeoutMs: 200 });
    await failure(client.matchWithoutOtp(request('+33600002004')));
    await failure(client.matchWithoutOtp(request('+33600002005')));
    const result = await client.matchWithoutOtp(request(FULL));
    expect(result.scores.family_name).toBe(1);
  });

  it("the caller's signal aborts the call → timeout", async () => {
    const client = clientFor(sandbox);
    await client.matchWithoutOtp(request(FULL));
    const controller = new AbortController();
    const call = client.matchWithoutOtp(request('+33600002004'), { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = await failure(call);
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe('DQE call aborted by the caller');
  });

  it('an already aborted signal makes no request at all', async () => {
    const client = clientFor(sandbox);
    const error = await failure(client.matchWithoutOtp(request(FULL), { signal: AbortSignal.abort() }));
    expect(error.kind).toBe('timeout');
    expect(client.tokenRequestCount).toBe(0);
    expect(sandbox.requests).toHaveLength(0);
  });
});

describe('hooks', () => {
  it('report token requests and each billed call, and a throwing hook changes nothing', async () => {
    const tokens: string[] = [];
    const calls: string[] = [];
    const client = clientFor(sandbox, {
      timeoutMs: 200,
      hooks: {
        onTokenRequest: (outcome, ms) => {
          expect(ms).toBeGreaterThanOrEqual(0);
          tokens.push(outcome);
        },
        onCall: (outcome, ms, error) => {
          expect(ms).toBeGreaterThanOrEqual(0);
          calls.push(error?.errorId ? `${outcome}:${error.errorId}` : outcome);
          throw new Error('broken metrics');
        },
      },
    });
    await client.matchWithoutOtp(request(FULL));
    await failure(client.matchWithoutOtp(request('+33600001010')));
    await failure(client.matchWithoutOtp(request('+33600002004')));
    await failure(client.matchWithoutOtp(request('+33600001030')));
    expect(tokens).toEqual(['ok', 'ok']);
    expect(calls).toEqual(['ok', 'error-response:10', 'timeout', 'error-response:30', 'error-response:30']);
  });

  it('reports a refused token request', async () => {
    const outcomes: string[] = [];
    const client = clientFor(sandbox, {
      clientSecret: 'wrong',
      hooks: { onTokenRequest: (outcome) => outcomes.push(outcome) },
    });
    await failure(client.matchWithoutOtp(request(FULL)));
    expect(outcomes).toEqual(['refused']);
  });
});

describe('unreachable DQE', () => {
  it('a closed port → token-unavailable, with no URL or secret in any message', async () => {
    const gone = await startDqeSandbox();
    const url = gone.url;
    await gone.close();
    const client = new DqeClient({ baseUrl: url, ...SANDBOX_CREDENTIALS, timeoutMs: 1_000 });
    clients.push(client);
    const error = await failure(client.matchWithoutOtp(request(FULL)));
    expect(error.kind).toBe('token-unavailable');
    expect(error.message).toMatch(/^Connection to DQE token endpoint failed/);
    expect(error.cause).toBeDefined();
    const text = messagesOf(error);
    for (const secret of [SANDBOX_CREDENTIALS.licence, SANDBOX_CREDENTIALS.clientSecret, FULL, url]) {
      expect(text).not.toContain(secret);
    }
  });
});
