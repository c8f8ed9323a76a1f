/**
 * The DQE sandbox over real loopback HTTP: token endpoint, validation order, every score scenario and
 * the fault modes a client must survive. No sleeps: the clock is injected and SLOW is shortened.
 */
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { USER_INFO_KEYS } from '../../src/dqe/types.js';
import {
  type DqeSandbox,
  MAGIC_NUMBERS,
  SANDBOX_CREDENTIALS,
  startDqeSandbox,
} from '../../src/sandbox/index.js';

type Params = Record<string, string>;

interface Reply {
  status: number;
  contentType: string | undefined;
  text: string;
}

async function call(
  sandbox: DqeSandbox,
  path: string,
  params: Params,
  method: 'GET' | 'POST' = 'GET',
  signal?: AbortSignal,
): Promise<Reply> {
  const form = new URLSearchParams(params).toString();
  const res =
    method === 'GET'
      ? await request(`${sandbox.url}${path}?${form}`, { signal })
      : await request(`${sandbox.url}${path}`, {
          method: 'POST',
          body: form,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          signal,
        });
  const contentType = res.headers['content-type'];
  return {
    status: res.statusCode,
    contentType: contentType as string | undefined,
    text: await res.body.text(),
  };
}

const json = (reply: Reply): unknown => JSON.parse(reply.text);

const tokenParams: Params = {
  licence: SANDBOX_CREDENTIALS.licence,
  client_secret: SANDBOX_CREDENTIALS.clientSecret,
  grant_type: 'client_idmobile',
};

async function getToken(sandbox: DqeSandbox): Promise<string> {
  const reply = await call(sandbox, '/ACCESS_TOKEN/', tokenParams, 'POST');
  return (json(reply) as { access_token: string }).access_token;
}

const fullInfos = {
  street_address: 'rue de la Paix',
  postal_code: '75002',
  locality: 'Paris',
  country: 'France',
  birthdate: '1980-01-31',
  email: 'jean.dupont@example.com',
  lastname: 'Dupont',
  maiden_name: '',
  gender: 'M',
  firstname: 'Jean',
  phone: '',
  number: '1',
};

function matchParams(token: string, number: string, extra: Params = {}, infos: object = fullInfos): Params {
  return {
    licence: SANDBOX_CREDENTIALS.licence,
    token,
    number,
    mode: '2',
    name: SANDBOX_CREDENTIALS.partnerName,
    scope: 'matching_notp',
    user_infos: JSON.stringify(infos),
    ...extra,
  };
}

const dqeError = (id: string, label: string) => ({ status: 'error', error_type: label, error_id: id });

const scores = (s: Record<string, unknown>) => ({
  family_name: s.family_name,
  gender: s.gender,
  birthdate: s.birthdate,
  given_name: s.given_name,
  address: {
    country: s.country,
    postal_code: s.postal_code,
    street_address: s.street_address,
    locality: s.locality,
  },
  email: s.email,
});

describe('DQE sandbox', () => {
  let sandbox: DqeSandbox;
  let token: string;
  const match = (number: string, extra?: Params, infos?: object, method?: 'GET' | 'POST') =>
    call(sandbox, '/IDMOBILE/', matchParams(token, number, extra, infos), method);

  beforeAll(async () => {
    sandbox = await startDqeSandbox({ slowResponseMs: 50 });
    token = await getToken(sandbox);
  });
  afterAll(() => sandbox.close());
  afterEach(() => sandbox.clearRequests());

  it('listens on loopback with a URL without trailing slash', () => {
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  describe('/ACCESS_TOKEN/', () => {
    it('issues a Bearer token with a string expires_in, by GET or POST, with or without the slash', async () => {
      for (const [path, method] of [
        ['/ACCESS_TOKEN/', 'GET'],
        ['/ACCESS_TOKEN', 'POST'],
      ] as const) {
        const reply = await call(sandbox, path, tokenParams, method);
        expect(reply.status).toBe(200);
        expect(reply.contentType).toMatch(/^application\/json/);
        expect(json(reply)).toEqual({
          access_token: expect.stringMatching(/^TK[0-9a-f]+$/),
          token_type: 'Bearer',
          expires_in: '300',
          refresh_token: expect.stringMatching(/^\*TK/),
        });
      }
      expect(sandbox.tokenRequests()).toBe(2);
      expect(sandbox.matchRequests()).toBe(0);
    });

    it.each([
      ['wrong licence', { licence: 'nope' }, 400, '22', 'unauthorized client'],
      ['empty licence', { licence: '' }, 400, '22', 'unauthorized client'],
      ['wrong secret', { client_secret: 'nope' }, 400, '03', 'invalid client secret'],
      ['wrong grant_type', { grant_type: 'password' }, 400, '31', 'unsupported grant type'],
    ])('refuses a %s with HTTP %i', async (_name, override, status, id, label) => {
      const reply = await call(sandbox, '/ACCESS_TOKEN/', { ...tokenParams, ...override }, 'POST');
      expect(reply.status).toBe(status);
      expect(json(reply)).toEqual(dqeError(id, label));
    });

    it('answers HTTP 400 for a missing secret but 500 for a misspelt parameter name', async () => {
      const { client_secret: _secret, ...withoutSecret } = tokenParams;
      expect((await call(sandbox, '/ACCESS_TOKEN/', withoutSecret, 'POST')).status).toBe(400);
      const misspelt = await call(
        sandbox,
        '/ACCESS_TOKEN/',
        { ...withoutSecret, client_secert: 'x' },
        'POST',
      );
      expect(misspelt.status).toBe(500);
    });
  });

  describe('/IDMOBILE/ validation', () => {
    const { phone: _phone, ...withoutPhone } = fullInfos;
    it.each([
      ['wrong licence', { licence: 'nope' }, fullInfos, '02', 'invalid licence key'],
      ['unknown token', { token: 'TKunknown' }, fullInfos, '30', 'invalid or expired token'],
      ['missing token', { token: '' }, fullInfos, '30', 'invalid or expired token'],
      ['wrong scope', { scope: 'matching' }, fullInfos, '04', 'invalid scope'],
      ['wrong mode', { mode: '1' }, fullInfos, '01', 'invalid request'],
      ['empty name', { name: '' }, fullInfos, '01', 'invalid request'],
      ['empty number', { number: '' }, fullInfos, '11', 'phone number is empty'],
      [
        'empty user_infos',
        { user_infos: '' },
        fullInfos,
        '05',
        'missing or empty parameter (user_infos) for this scope',
      ],
      [
        'non-JSON user_infos',
        { user_infos: '{nope' },
        fullInfos,
        '06',
        'bad parameter format (user_infos) is not a valid JSON',
      ],
      [
        'array user_infos',
        { user_infos: '[]' },
        fullInfos,
        '06',
        'bad parameter format (user_infos) is not a valid JSON',
      ],
      [
        'user_infos without phone',
        {},
        withoutPhone,
        '07',
        'missing mandatory key in user informations (phone)',
      ],
      ['unparseable number', { number: '12' }, fullInfos, '10', 'invalid phone number'],
      ['letters as number', { number: 'abc' }, fullInfos, '10', 'invalid phone number'],
      ['fixed-line number', { number: '0140000000' }, fullInfos, '09', 'ineligible phone number'],
      [
        'foreign number without country',
        { number: '+32470123456' },
        fullInfos,
        '09',
        'ineligible phone number',
      ],
    ])('answers HTTP 200 with error for a %s', async (_name, extra, infos, id, label) => {
      const reply = await match('0600000000', extra, infos);
      expect(reply.status).toBe(200);
      expect(json(reply)).toEqual(dqeError(id, label));
    });

    it.each(USER_INFO_KEYS)('names the missing user_infos key %s in error 07', async (key) => {
      const { [key]: _dropped, ...infos } = fullInfos;
      const reply = await match('0600000000', {}, infos);
      expect(json(reply)).toEqual(dqeError('07', `missing mandatory key in user informations (${key})`));
    });

    it('checks the licence before the token and the token before the scope', async () => {
      const reply = await match('0600000000', { licence: 'nope', token: 'bad', scope: 'bad' });
      expect(json(reply)).toMatchObject({ error_id: '02' });
      expect(json(await match('0600000000', { token: 'bad', scope: 'bad' }))).toMatchObject({
        error_id: '30',
      });
    });

    it('reads national, E.164 and international forms, and national numbers in the `country` region', async () => {
      for (const number of ['0600000001', '+33600000001', '33600000001', '06 00 00 00 01']) {
        expect(json(await match(number))).toMatchObject({ given_name: 0.75 });
      }
      expect(json(await match('0470123456', { country: 'BE' }))).toMatchObject({ family_name: 1 });
    });

    it('answers a POST form exactly like a GET and records both', async () => {
      const viaGet = await match('0600000001', {}, fullInfos, 'GET');
      const viaPost = await match('0600000001', {}, fullInfos, 'POST');
      expect(viaPost).toEqual(viaGet);
      const [get, post] = sandbox.requests;
      expect(get).toMatchObject({ method: 'GET', path: '/IDMOBILE/', body: '' });
      expect(get?.queryString).toContain('scope=matching_notp');
      expect(post).toMatchObject({
        method: 'POST',
        queryString: '',
        contentType: 'application/x-www-form-urlencoded',
      });
      expect(post?.body).toContain('scope=matching_notp');
      expect({ ...post?.params }).toEqual({ ...get?.params });
      expect(sandbox.matchRequests()).toBe(2);
    });

    it('answers 404 JSON on other paths', async () => {
      const reply = await call(sandbox, '/OTHER/', {});
      expect(reply.status).toBe(404);
      expect(json(reply)).toBeTypeOf('object');
    });
  });

  describe('score scenarios', () => {
    // Submitted: everything but gender and locality.
    const someInfos = { ...fullInfos, gender: '', locality: '  ' };

    it.each([
      [
        'FULL_MATCH',
        '+33600000000',
        scores({
          family_name: 1,
          gender: '',
          birthdate: 1,
          given_name: 1,
          country: 1,
          postal_code: 1,
          street_address: 1,
          locality: '',
          email: 1,
        }),
      ],
      [
        'PARTIAL_MATCH',
        '+33600000001',
        scores({
          family_name: 1,
          gender: '',
          birthdate: 1,
          given_name: 0.75,
          country: 1,
          postal_code: 0.78,
          street_address: 0.56,
          locality: '',
          email: 0.4,
        }),
      ],
      [
        'STRING_SCORES',
        '+33600000002',
        scores({
          family_name: '1.0',
          gender: '',
          birthdate: '1.0',
          given_name: '0.75',
          country: '1.0',
          postal_code: '0.78',
          street_address: '0.56',
          locality: '',
          email: '0.4',
        }),
      ],
      [
        'NOT_AVAILABLE',
        '+33600000003',
        scores({
          family_name: '',
          gender: '',
          birthdate: '',
          given_name: '',
          country: '',
          postal_code: '',
          street_address: '',
          locality: '',
          email: '',
        }),
      ],
      ['MISSING_KEYS', '+33600000004', { family_name: 1 }],
      [
        'NO_MATCH',
        '+33600000005',
        scores({
          family_name: 0.12,
          gender: '',
          birthdate: 0.12,
          given_name: 0.12,
          country: 0.12,
          postal_code: 0.12,
          street_address: 0.12,
          locality: '',
          email: 0.12,
        }),
      ],
      [
        'GARBAGE_SCORES',
        '+33600000006',
        scores({
          family_name: 'abc',
          gender: null,
          birthdate: -0.2,
          given_name: 1.7,
          country: 1,
          postal_code: 1,
          street_address: 1,
          locality: 1,
          email: true,
        }),
      ],
    ])('%s (%s) answers HTTP 200 with its score body', async (_name, number, expected) => {
      const reply = await match(number, {}, someInfos);
      expect(reply.status).toBe(200);
      expect(reply.contentType).toMatch(/^application\/json/);
      const body = json(reply);
      expect(body).toEqual(expected);
      expect(body).not.toHaveProperty('status');
    });

    it('treats a valid French mobile outside the table as FULL_MATCH', async () => {
      expect(json(await match('0612345678'))).toEqual(json(await match('0600000000')));
    });
  });

  describe('error magic numbers', () => {
    const errorRows = MAGIC_NUMBERS.filter((m) => m.scenario.startsWith('ERROR_'));

    it.each(errorRows.map((m) => [m.e164, m.scenario.slice(6)] as const))(
      '%s answers DQE error %s',
      async (n, id) => {
        const reply = await match(n);
        expect(reply.status).toBe(id === '99' ? 500 : 200);
        expect(json(reply)).toEqual({ status: 'error', error_type: expect.any(String), error_id: id });
      },
    );

    it('names the operator in operator errors', async () => {
      expect(json(await match('+33600001016'))).toEqual(dqeError('16', 'operator Orange unreachable'));
    });
  });

  describe('fault magic numbers', () => {
    it('00 answers HTTP 500 with an HTML body', async () => {
      const reply = await match('+33600002000');
      expect(reply).toMatchObject({ status: 500, text: '<html><body>Internal Server Error</body></html>' });
      expect(reply.contentType).toMatch(/^text\/html/);
    });

    it('01 answers HTTP 200 text/plain OK; 02 HTTP 502 empty; 07 [1,2,3]; 08 HTTP 503 error 99', async () => {
      expect(await match('+33600002001')).toMatchObject({ status: 200, text: 'OK' });
      expect(await match('+33600002002')).toMatchObject({ status: 502, text: '' });
      expect(await match('+33600002007')).toMatchObject({ status: 200, text: '[1,2,3]' });
      const unavailable = await match('+33600002008');
      expect(unavailable.status).toBe(503);
      expect(json(unavailable)).toEqual(dqeError('99', 'internal server error'));
    });

    it('03 SLOW answers FULL_MATCH after slowResponseMs', async () => {
      const started = performance.now();
      const reply = await match('+33600002003');
      expect(performance.now() - started).toBeGreaterThanOrEqual(45);
      expect(json(reply)).toEqual(json(await match('+33600000000')));
    });

    it('04 HANG never answers until the client aborts', async () => {
      const controller = new AbortController();
      const params = matchParams(token, '+33600002004');
      const pending = call(sandbox, '/IDMOBILE/', params, 'GET', controller.signal);
      await vi.waitFor(() => expect(sandbox.matchRequests()).toBe(1));
      controller.abort();
      await expect(pending).rejects.toThrow();
    });

    it('05 RESET destroys the connection without a response', async () => {
      await expect(match('+33600002005')).rejects.toThrow();
    });

    it('06 TRUNCATED sends headers and part of the body, then drops', async () => {
      const res = await request(
        `${sandbox.url}/IDMOBILE/?${new URLSearchParams(matchParams(token, '+33600002006'))}`,
      );
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-length']).toBe('200');
      await expect(res.body.text()).rejects.toThrow();
    });
  });
});

describe('DQE sandbox tokens and lifecycle', () => {
  it('expires tokens per the injected clock and tokenTtlSeconds', async () => {
    let now = 1_000_000;
    const sandbox = await startDqeSandbox({ tokenTtlSeconds: 600, now: () => now });
    try {
      const tokenReply = json(await call(sandbox, '/ACCESS_TOKEN/', tokenParams, 'POST'));
      expect(tokenReply).toMatchObject({ expires_in: '600' });
      const token = (tokenReply as { access_token: string }).access_token;
      const matchNow = async () => json(await call(sandbox, '/IDMOBILE/', matchParams(token, '0600000000')));

      now += 599_999;
      expect(await matchNow()).toMatchObject({ family_name: 1 });
      now += 1;
      expect(await matchNow()).toEqual(dqeError('30', 'invalid or expired token'));
    } finally {
      await sandbox.close();
    }
  });

  it('revokeTokens makes every issued token answer error 30', async () => {
    const sandbox = await startDqeSandbox();
    try {
      const token = await getToken(sandbox);
      expect(json(await call(sandbox, '/IDMOBILE/', matchParams(token, '0600000000')))).toMatchObject({
        family_name: 1,
      });
      sandbox.revokeTokens();
      expect(json(await call(sandbox, '/IDMOBILE/', matchParams(token, '0600000000')))).toMatchObject({
        error_id: '30',
      });
      const fresh = await getToken(sandbox);
      expect(json(await call(sandbox, '/IDMOBILE/', matchParams(fresh, '0600000000')))).toMatchObject({
        family_name: 1,
      });
    } finally {
      await sandbox.close();
    }
  });

  it('onBilled sees each answer with scores (SLOW included), never an error, a fault or a refused token', async () => {
    const billed: unknown[] = [];
    const sandbox = await startDqeSandbox({
      slowResponseMs: 10,
      onBilled: (infos) => billed.push(infos.lastname),
    });
    try {
      const token = await getToken(sandbox);
      const infos = (lastname: string) => ({ ...fullInfos, lastname });
      const send = (number: string, lastname: string, t = token) =>
        call(sandbox, '/IDMOBILE/', matchParams(t, number, {}, infos(lastname))).catch(() => undefined);
      await send('+33600000000', 'full');
      await send('+33600000005', 'no-match');
      await send('+33600002003', 'slow');
      await send('+33600002000', 'http-500');
      await send('+33600002005', 'reset');
      await send('+33600001099', 'dqe-99');
      await send('+33600000000', 'bad-token', 'TKnot-issued');
      expect(billed).toEqual(['full', 'no-match', 'slow']);
    } finally {
      await sandbox.close();
    }
  });

  it('honours custom credentials', async () => {
    const sandbox = await startDqeSandbox({ licence: 'L', clientSecret: 'S' });
    try {
      const params = { licence: 'L', client_secret: 'S', grant_type: 'client_idmobile' };
      expect((await call(sandbox, '/ACCESS_TOKEN/', params)).status).toBe(200);
      expect((await call(sandbox, '/ACCESS_TOKEN/', tokenParams)).status).toBe(400);
    } finally {
      await sandbox.close();
    }
  });

  it('close() resolves promptly with a hanging request open, and the client sees the connection drop', async () => {
    const sandbox = await startDqeSandbox();
    const token = await getToken(sandbox);
    const hanging = call(sandbox, '/IDMOBILE/', matchParams(token, '+33600002004'));
    await vi.waitFor(() => expect(sandbox.matchRequests()).toBe(1));

    const started = performance.now();
    await sandbox.close();
    expect(performance.now() - started).toBeLessThan(1000);
    await expect(hanging).rejects.toThrow();
    await sandbox.close(); // idempotent
  });

  it('close() cancels a pending SLOW answer', async () => {
    const sandbox = await startDqeSandbox({ slowResponseMs: 60_000 });
    const token = await getToken(sandbox);
    const slow = call(sandbox, '/IDMOBILE/', matchParams(token, '+33600002003'));
    await vi.waitFor(() => expect(sandbox.matchRequests()).toBe(1));
    await sandbox.close();
    await expect(slow).rejects.toThrow();
  });
});
