/**
 * Issue 19: THE fallback rule (src/service/fallback-policy.ts), failure by failure, for both providers:
 * the next provider only when the first cannot have processed (billed) the call or cannot serve the number.
 */
import { describe, expect, it } from 'vitest';
import { CamaraError, type CamaraErrorKind } from '../../src/camara/errors.js';
import { DqeError } from '../../src/dqe/errors.js';
import {
  camaraFallbackReason,
  dqeFallbackReason,
  FALLBACK_RULES,
} from '../../src/service/fallback-policy.js';

const dqe = (kind: ConstructorParameters<typeof DqeError>[0], details: Record<string, unknown> = {}) =>
  new DqeError(kind, 'test', details);
const camara = (kind: CamaraErrorKind, details: Record<string, unknown> = {}) =>
  new CamaraError(kind, 'test', details);

describe('DQE', () => {
  it.each([
    ['connection refused', dqe('connection-failed', { transportCode: 'ECONNREFUSED' }), 'not-connected'],
    ['circuit open', dqe('circuit-open'), 'circuit-open'],
    ['bulkhead full', dqe('overloaded'), 'bulkhead-full'],
    ['token endpoint down', dqe('token-unavailable'), 'token-failure'],
    ['token refused', dqe('token-refused'), 'token-failure'],
    ['HTTP 429', dqe('bad-status', { httpStatus: 429 }), 'rate-limited'],
    ['error 13', dqe('error-response', { errorId: '13' }), 'cannot-serve'],
    ['error 15', dqe('error-response', { errorId: '15' }), 'cannot-serve'],
    ['error 17', dqe('error-response', { errorId: '17' }), 'cannot-serve'],
    ['timeout', dqe('timeout', { transportCode: 'UND_ERR_HEADERS_TIMEOUT' }), null],
    ['connection reset', dqe('connection-failed', { transportCode: 'ECONNRESET' }), null],
    ['HTTP 502', dqe('bad-status', { httpStatus: 502 }), null],
    ['unreadable body', dqe('unreadable-body'), null],
    ['error 12', dqe('error-response', { errorId: '12' }), null],
    ['error 16', dqe('error-response', { errorId: '16' }), null],
    ['error 99', dqe('error-response', { errorId: '99' }), null],
  ])('%s → %s', (_what, error, reason) => {
    expect(dqeFallbackReason(error)).toBe(reason);
  });
});

describe('CAMARA', () => {
  it.each([
    ['connection refused', camara('connection-failed', { transportCode: 'ECONNREFUSED' }), 'not-connected'],
    ['circuit open', camara('circuit-open'), 'circuit-open'],
    ['bulkhead full', camara('overloaded'), 'bulkhead-full'],
    ['token endpoint down', camara('token-unavailable'), 'token-failure'],
    ['token refused', camara('token-refused'), 'token-failure'],
    ['429', camara('rate-limited', { httpStatus: 429 }), 'rate-limited'],
    ['422 SERVICE_NOT_APPLICABLE', camara('service-not-applicable', { httpStatus: 422 }), 'cannot-serve'],
    ['timeout', camara('timeout'), null],
    ['connection reset', camara('connection-failed', { transportCode: 'ECONNRESET' }), null],
    ['5xx', camara('server-error', { httpStatus: 503 }), null],
    ['unreadable body', camara('unreadable-body'), null],
    ['404 IDENTIFIER_NOT_FOUND', camara('identifier-not-found'), null],
    ['403 PERMISSION_DENIED', camara('permission-denied'), null],
    ['401 twice', camara('unauthenticated'), null],
  ])('%s → %s', (_what, error, reason) => {
    expect(camaraFallbackReason(error)).toBe(reason);
  });
});

it('every reason has its row, and anything but a provider error never falls back', () => {
  expect(Object.keys(FALLBACK_RULES).sort()).toEqual(
    [
      'bulkhead-full',
      'cannot-serve',
      'circuit-open',
      'not-connected',
      'rate-limited',
      'token-failure',
    ].sort(),
  );
  expect(dqeFallbackReason(new Error('bug'))).toBeNull();
  expect(camaraFallbackReason(dqe('circuit-open'))).toBeNull();
});
