import { describe, expect, it } from 'vitest';
import {
  DqeError,
  type DqeErrorDetails,
  type DqeErrorKind,
  isSafeToRetry,
  isUpstreamFailure,
  RETRY_RULES,
  retryCaseOf,
} from '../../src/dqe/index.js';

const error = (kind: DqeErrorKind, details: DqeErrorDetails = {}) => new DqeError(kind, 'x', details);

describe('isSafeToRetry reads the one retry table: a retry must not double-bill', () => {
  it.each([
    ['connection refused', error('connection-failed', { transportCode: 'ECONNREFUSED' }), true],
    ['DNS failure', error('connection-failed', { transportCode: 'ENOTFOUND' }), true],
    ['connect timeout', error('timeout', { transportCode: 'UND_ERR_CONNECT_TIMEOUT' }), true],
    ['reset before any answer', error('connection-failed', { transportCode: 'ECONNRESET' }), false],
    ['closed before any answer', error('connection-failed', { transportCode: 'UND_ERR_SOCKET' }), false],
    ['no code, before any answer', error('connection-failed', { responseStarted: false }), false],
    ['broken after the answer began', error('connection-failed', { responseStarted: true }), false],
    ['HTTP 502', error('bad-status', { httpStatus: 502 }), false],
    ['HTTP 503 without a DQE body', error('bad-status', { httpStatus: 503 }), false],
    ['HTTP 504', error('bad-status', { httpStatus: 504 }), false],
    ['HTTP 500', error('bad-status', { httpStatus: 500 }), false],
    ['DQE 99', error('error-response', { errorId: '99' }), true],
    ['DQE 99 in a 503', error('error-response', { errorId: '99', httpStatus: 503 }), true],
    ['DQE 16', error('error-response', { errorId: '16' }), true],
    ['DQE 10', error('error-response', { errorId: '10' }), false],
    ['DQE 12', error('error-response', { errorId: '12' }), false],
    ['error 30 twice', error('token-rejected-twice', { errorId: '30' }), false],
    ['a read timeout', error('timeout', { transportCode: 'UND_ERR_HEADERS_TIMEOUT' }), false],
    ['the deadline', error('timeout'), false],
    ['an unreadable body', error('unreadable-body'), false],
    ['the token endpoint failing (not billed)', error('token-unavailable'), true],
    ['refused credentials', error('token-refused'), false],
    ['an open circuit', error('circuit-open'), false],
    ['a full bulkhead', error('overloaded'), false],
    ['not a DqeError', new TypeError('bug'), false],
  ])('%s → %s', (_name, failure, expected) => {
    expect(isSafeToRetry(failure)).toBe(expected);
    expect(RETRY_RULES[retryCaseOf(failure)].retry).toBe(expected);
  });

  it('gives every row a one-line reason, and never retries a 504', () => {
    for (const rule of Object.values(RETRY_RULES)) {
      expect(rule.why.length).toBeGreaterThan(20);
      expect(rule.why).not.toMatch(/\n/);
    }
    expect(RETRY_RULES['http-504'].retry).toBe(false);
  });
});

describe('isUpstreamFailure: what counts toward opening the circuit', () => {
  it.each([
    [error('timeout'), true],
    [error('connection-failed'), true],
    [error('unreadable-body'), true],
    [error('bad-status', { httpStatus: 503 }), true],
    [error('bad-status', { httpStatus: 404 }), false],
    [error('error-response', { errorId: '99' }), true],
    [error('error-response', { errorId: '16' }), false],
    [error('error-response', { errorId: '10' }), false],
    [error('token-refused'), false],
  ])('%o → %s', (failure, expected) => {
    expect(isUpstreamFailure(failure)).toBe(expected);
  });
});
