import { describe, expect, it } from 'vitest';
import { DqeError } from '../../src/dqe/errors.js';
import { DQE_SCORE_FIELDS } from '../../src/dqe/types.js';
import { DEFAULT_TOKEN_LIFETIME_SECONDS, parseMatchBody, parseTokenBody } from '../../src/dqe/wire.js';

const JSON_TYPE = 'application/json';

function catchDqe(fn: () => unknown): DqeError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DqeError);
    return error as DqeError;
  }
  throw new Error('expected a DqeError');
}

function match(body: unknown, status = 200) {
  return parseMatchBody(status, JSON_TYPE, typeof body === 'string' ? body : JSON.stringify(body));
}

describe('parseMatchBody — scores', () => {
  it('reads the documented example (numbers, "" and nested address)', () => {
    const result = match({
      family_name: 1.0,
      gender: '',
      birthdate: 1.0,
      given_name: 1.0,
      address: { country: 1.0, postal_code: 0.78, street_address: 0.56, locality: 0.44 },
      email: 1.0,
    });
    expect(result).toEqual({
      scores: {
        family_name: 1,
        given_name: 1,
        birthdate: 1,
        gender: null,
        email: 1,
        street_address: 0.56,
        postal_code: 0.78,
        locality: 0.44,
        country: 1,
      },
      anomalies: [],
    });
  });

  it('accepts numeric strings, with spaces, and a decimal comma', () => {
    const result = match({
      family_name: '0.78',
      given_name: ' 1.0 ',
      birthdate: '0',
      gender: '1',
      email: '0,5',
      address: { street_address: '.25', postal_code: '1e-1', locality: '0.440', country: '1.000' },
    });
    expect(result.scores).toEqual({
      family_name: 0.78,
      given_name: 1,
      birthdate: 0,
      gender: 1,
      email: 0.5,
      street_address: 0.25,
      postal_code: 0.1,
      locality: 0.44,
      country: 1,
    });
    expect(result.anomalies).toEqual([]);
  });

  it('treats "", whitespace, null and a missing key as null without anomaly', () => {
    const result = match({ family_name: '', given_name: '   ', birthdate: null, address: { locality: '' } });
    for (const field of DQE_SCORE_FIELDS) expect(result.scores[field]).toBeNull();
    expect(result.anomalies).toEqual([]);
  });

  it('a JSON object with no score key at all is a success with every score null', () => {
    for (const body of [{}, { status: 'success' }, { something_else: 1 }]) {
      const result = match(body);
      expect(Object.values(result.scores).every((v) => v === null)).toBe(true);
      expect(result.anomalies).toEqual([]);
    }
  });

  it('garbage scores are null and listed as anomalies', () => {
    const result = match({
      family_name: 'abc',
      given_name: 1.7,
      birthdate: -0.2,
      gender: true,
      email: 'NaN',
      address: { street_address: { nested: 1 }, postal_code: [0.5], locality: '1.5', country: 'Infinity' },
    });
    for (const field of DQE_SCORE_FIELDS) expect(result.scores[field]).toBeNull();
    expect([...result.anomalies].sort()).toEqual([...DQE_SCORE_FIELDS].sort());
  });

  it('mixes good values and anomalies field by field', () => {
    const result = match({ family_name: 1, given_name: 'abc', birthdate: null, gender: false });
    expect(result.scores.family_name).toBe(1);
    expect(result.scores.given_name).toBeNull();
    expect(result.scores.birthdate).toBeNull();
    expect(result.anomalies).toEqual(['given_name', 'gender']);
  });

  it('tolerates address missing, null, "" (no anomaly) or not an object (anomalies)', () => {
    for (const address of [undefined, null, '']) {
      const result = match({ family_name: 1, address });
      expect(result.scores.street_address).toBeNull();
      expect(result.anomalies).toEqual([]);
    }
    for (const address of ['abc', 5, [1, 2]]) {
      const result = match({ family_name: 1, address });
      expect(result.scores.family_name).toBe(1);
      expect(result.scores.locality).toBeNull();
      expect(result.anomalies).toEqual(['street_address', 'postal_code', 'locality', 'country']);
    }
  });

  it('does not read address parts from the top level', () => {
    const result = match({ postal_code: 1, address: { locality: 0.5 } });
    expect(result.scores.postal_code).toBeNull();
    expect(result.scores.locality).toBe(0.5);
  });

  it('accepts a UTF-8 BOM and surrounding whitespace', () => {
    expect(parseMatchBody(200, undefined, '\uFEFF  {"family_name": 1}\n').scores.family_name).toBe(1);
  });
});

describe('parseMatchBody — error bodies', () => {
  it('reads an error body in the documented key order', () => {
    const error = catchDqe(() =>
      match({ status: 'error', error_type: 'invalid phone number', error_id: '10' }),
    );
    expect(error.kind).toBe('error-response');
    expect(error.errorId).toBe('10');
    expect(error.errorType).toBe('invalid phone number');
    expect(error.operator).toBeUndefined();
    expect(error.httpStatus).toBe(200);
    expect(error.message).toBe('DQE answered error 10 (invalid phone number)');
  });

  it('reads an error body in the other key order, and error_id alone', () => {
    const reordered = catchDqe(() =>
      match('{"error_id":"09","error_type":"ineligible phone number","status":"error"}'),
    );
    expect(reordered.errorId).toBe('09');
    const idOnly = catchDqe(() => match({ error_id: '12' }));
    expect(idOnly.kind).toBe('error-response');
    expect(idOnly.errorId).toBe('12');
  });

  it('normalises a numeric error_id to two characters', () => {
    expect(catchDqe(() => match({ status: 'error', error_id: 9 })).errorId).toBe('09');
    expect(catchDqe(() => match({ status: 'error', error_id: '9' })).errorId).toBe('09');
    expect(catchDqe(() => match({ status: 'error', error_id: 30 })).errorId).toBe('30');
  });

  it('status "error" without an id is still an error-response', () => {
    const error = catchDqe(() => match({ status: 'error' }));
    expect(error.kind).toBe('error-response');
    expect(error.errorId).toBeUndefined();
    expect(error.message).toBe('DQE answered an error without an id');
  });

  it('an error body wins whatever the HTTP status', () => {
    for (const status of [200, 400, 404, 500, 503]) {
      const error = catchDqe(() =>
        match({ status: 'error', error_type: 'internal server error', error_id: '99' }, status),
      );
      expect(error.kind).toBe('error-response');
      expect(error.errorId).toBe('99');
      expect(error.httpStatus).toBe(status);
    }
  });

  it.each([
    ['operator Orange unreachable', 'Orange'],
    ['operator `Orange` not found', 'Orange'],
    ["operator 'SFR' not authorized for this licence", 'SFR'],
    ['operator Bouygues Telecom not supported yet', 'Bouygues Telecom'],
    ['scope not supported by this operator Free yet', 'Free'],
    ['operator <Orange> unreachable', 'Orange'],
  ])('extracts the operator from %j', (label, operator) => {
    const error = catchDqe(() => match({ status: 'error', error_type: label, error_id: '16' }));
    expect(error.operator).toBe(operator);
    expect(error.errorType).toBe(label);
  });

  it.each([
    'operator unreachable',
    'operator not found',
    'scope not supported by this operator yet',
    'operator `<name>` not found',
    'phone check failed',
  ])('has no operator for %j', (label) => {
    expect(
      catchDqe(() => match({ status: 'error', error_type: label, error_id: '16' })).operator,
    ).toBeUndefined();
  });

  it('builds the message from our own labels, never from the wire text', () => {
    const error = catchDqe(() =>
      match({
        status: 'error',
        error_type: 'invalid phone number +33612345678 for jean@example.com',
        error_id: '10',
      }),
    );
    expect(error.message).toBe('DQE answered error 10 (invalid phone number)');
    expect(error.errorType).not.toContain('612345678');
    const unknown = catchDqe(() => match({ status: 'error', error_type: 'secret stuff', error_id: '42' }));
    expect(unknown.message).toBe('DQE answered error 42');
  });
});

describe('parseMatchBody — bad status and unreadable bodies', () => {
  it('non-2xx without an error body → bad-status', () => {
    for (const [status, body] of [
      [500, '<html>oops</html>'],
      [502, ''],
      [404, '{"family_name":1}'],
      [503, '[1,2,3]'],
    ] as const) {
      const error = catchDqe(() => parseMatchBody(status, 'text/html', body));
      expect(error.kind).toBe('bad-status');
      expect(error.httpStatus).toBe(status);
    }
  });

  it.each([
    ['OK', 'text/plain'],
    ['', undefined],
    ['{"family_name":1.0,"giv', JSON_TYPE],
    ['[1,2,3]', JSON_TYPE],
    ['"a string"', JSON_TYPE],
    ['42', JSON_TYPE],
    ['null', JSON_TYPE],
  ])('2xx %j → unreadable-body', (body, contentType) => {
    const error = catchDqe(() => parseMatchBody(200, contentType, body));
    expect(error.kind).toBe('unreadable-body');
    expect(error.httpStatus).toBe(200);
    if (body.length > 4) expect(error.message).not.toContain(body);
  });

  it('says what the body was without echoing it', () => {
    expect(catchDqe(() => parseMatchBody(200, 'text/plain; charset=utf-8', 'OK')).message).toBe(
      'DQE answered HTTP 200 with a body that is not JSON (text/plain)',
    );
    expect(catchDqe(() => parseMatchBody(200, JSON_TYPE, '[1,2,3]')).message).toBe(
      'DQE answered HTTP 200 with a JSON array (application/json)',
    );
  });
});

describe('parseTokenBody', () => {
  const documented = {
    access_token: 'TK948869a6f873adb622enhoaGeVY2iRaptqlmpplGeWZA',
    token_type: 'Bearer',
    expires_in: '300',
    refresh_token: '*TK9bdd05f8e9d3c905834bdeqaUlGFll2iRaplll29mZmtkZQ',
  };

  it('reads the documented body (expires_in as a string)', () => {
    expect(parseTokenBody(200, JSON.stringify(documented))).toEqual({
      accessToken: documented.access_token,
      expiresInSeconds: 300,
    });
  });

  it('reads a numeric expires_in and an optional status "success"', () => {
    expect(
      parseTokenBody(200, JSON.stringify({ ...documented, expires_in: 600, status: 'success' })),
    ).toEqual({
      accessToken: documented.access_token,
      expiresInSeconds: 600,
    });
  });

  it(`assumes ${DEFAULT_TOKEN_LIFETIME_SECONDS} s when expires_in is missing or invalid`, () => {
    for (const expires_in of [undefined, '', 'soon', -5, 0, null, '300s']) {
      expect(parseTokenBody(200, JSON.stringify({ access_token: 'TK1', expires_in })).expiresInSeconds).toBe(
        300,
      );
    }
  });

  it('a 2xx without an access_token, or not JSON, is token-unavailable', () => {
    for (const body of ['{}', '{"access_token":""}', '{"access_token":5}', 'OK', '', '[1]']) {
      const error = catchDqe(() => parseTokenBody(200, body));
      expect(error.kind).toBe('token-unavailable');
    }
  });

  it('HTTP 400/401/403 is token-refused whatever the body', () => {
    for (const status of [400, 401, 403]) {
      for (const body of [
        '',
        'Bad Request',
        '{"status":"error","error_id":"03","error_type":"invalid client secret"}',
      ]) {
        const error = catchDqe(() => parseTokenBody(status, body));
        expect(error.kind).toBe('token-refused');
        expect(error.httpStatus).toBe(status);
      }
    }
  });

  it('error ids 01/02/03/22/31 are token-refused whatever the status', () => {
    for (const id of ['01', '02', '03', '22', '31', 3]) {
      const error = catchDqe(() => parseTokenBody(200, JSON.stringify({ status: 'error', error_id: id })));
      expect(error.kind).toBe('token-refused');
    }
  });

  it('other failures are token-unavailable (5xx, error 98, 99, unreadable)', () => {
    const cases: [number, string, string | undefined][] = [
      [500, '', undefined],
      [503, '<html></html>', undefined],
      [200, '{"status":"error","error_type":"credits exhausted","error_id":"98"}', '98'],
      [500, '{"error_id":"99","status":"error"}', '99'],
      [302, '', undefined],
    ];
    for (const [status, body, errorId] of cases) {
      const error = catchDqe(() => parseTokenBody(status, body));
      expect(error.kind).toBe('token-unavailable');
      expect(error.errorId).toBe(errorId);
    }
  });

  it('never puts the token or body into a message', () => {
    const error = catchDqe(() => parseTokenBody(500, JSON.stringify(documented)));
    expect(error.message).not.toContain('TK');
  });
});

describe('parseMatchBody — a 200 with none of the score keys (issue 15 item 5)', () => {
  it.each([['{}'], ['{"foo":1}'], ['{"lastname":"Martin","firstname":"Jeanne"}']])(
    '%s: every score null, reported as noScoreKeys',
    (body) => {
      const result = match(body);
      expect(result.noScoreKeys).toBe(true);
      expect(Object.values(result.scores).every((s) => s === null)).toBe(true);
    },
  );

  it.each([['{"family_name":1.0}'], ['{"address":{"country":""}}'], ['{"gender":""}']])(
    '%s: some score key is there, nothing reported',
    (body) => {
      expect(match(body)).not.toHaveProperty('noScoreKeys');
    },
  );
});
