import { describe, expect, it } from 'vitest';
import {
  DqeError,
  type DqeErrorDetails,
  type DqeErrorKind,
  isSafeToRetry,
  isUpstreamFailure,
} from '../../src/dqe/index.js';

const error = (kind: DqeErrorKind, details: DqeErrorDetails = {}) => new DqeError(kind, 'x', details);

describe('isSafeToRetry: a retry must not double-bill', () => {
  it.each([
    ['refused or reset before any answer', error('connection-failed', { responseStarted: false }), true],
    ['broken after the answer began', error('connection-failed', { responseStarted: true }), false],
    ['HTTP 502', error('bad-status', { httpStatus: 502 }), true],
    ['HTTP 503', error('bad-status', { httpStatus: 503 }), true],
    ['HTTP 504', error('bad-status', { httpStatus: 504 }), true],
    ['HTTP 500', error('bad-status', { httpStatus: 500 }), false],
    ['DQE 99', error('error-response', { errorId: '99' }), true],
    ['DQE 16', error('error-response', { errorId: '16' }), true],
    ['DQE 10', error('error-response', { errorId: '10' }), false],
    ['DQE 12', error('error-response', { errorId: '12' }), false],
    ['a read timeout', error('timeout'), false],
    ['an unreadable body', error('unreadable-body'), false],
    ['the token endpoint failing (not billed)', error('token-unavailable'), true],
    ['refused credentials', error('token-refused'), false],
    ['an open circuit', error('circuit-open'), false],
    ['not a DqeError', new TypeError('bug'), false],
  ])('%s → %s', (_name, failure, expected) => {
    expect(isSafeToRetry(failure)).toBe(expected);
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
