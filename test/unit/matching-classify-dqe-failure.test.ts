import { describe, expect, it } from 'vitest';
import { DQE_ERROR_KINDS } from '../../src/dqe/errors.js';
import { classifyDqeFailure, type MatchFailure } from '../../src/matching/classify-dqe-failure.js';

const TRANSIENT: MatchFailure = { type: 'unavailable', retryable: true, retryAfterSeconds: 5 };
const MISCONFIGURED: MatchFailure = { type: 'misconfigured' };

const errorResponse = (errorId: string | undefined, operator?: string) =>
  classifyDqeFailure({ kind: 'error-response', errorId, operator });

describe('classifyDqeFailure — DQE error ids', () => {
  it.each<[string, MatchFailure]>([
    ['09', { type: 'phone-rejected', reason: 'INELIGIBLE' }],
    ['10', { type: 'phone-rejected', reason: 'INVALID' }],
  ])('%s → phone rejected', (errorId, expected) => {
    expect(errorResponse(errorId)).toEqual(expected);
  });

  it.each([
    ['12', 'CHECK_FAILED', false],
    ['13', 'NOT_FOUND', false],
    ['14', 'NOT_AUTHORIZED', false],
    ['15', 'NOT_SUPPORTED', false],
    ['16', 'UNREACHABLE', true],
    ['17', 'SCOPE_NOT_SUPPORTED', false],
  ])('%s → operator %s (retryable: %s)', (errorId, reason, retryable) => {
    expect(errorResponse(errorId, 'Orange')).toEqual({
      type: 'operator',
      reason,
      operator: 'Orange',
      retryable,
    });
  });

  it('operator is null when DQE named none', () => {
    expect(errorResponse('13')).toEqual({
      type: 'operator',
      reason: 'NOT_FOUND',
      operator: null,
      retryable: false,
    });
  });

  it('99 → unavailable, retryable after a pause', () => {
    expect(errorResponse('99')).toEqual(TRANSIENT);
  });

  it.each(['01', '02', '03', '04', '05', '06', '07', '11', '22', '30', '31'])(
    '%s → misconfigured (our request, credentials or account)',
    (errorId) => {
      expect(errorResponse(errorId)).toEqual(MISCONFIGURED);
    },
  );

  it('98 (credits exhausted) → unavailable, not retryable', () => {
    expect(errorResponse('98')).toEqual({ type: 'unavailable', retryable: false, retryAfterSeconds: null });
  });

  it.each(['08', '42', '00', 'XX'])('undocumented id %s → unavailable, not retryable', (errorId) => {
    expect(errorResponse(errorId)).toEqual({
      type: 'unavailable',
      retryable: false,
      retryAfterSeconds: null,
    });
  });

  it('an error body without an id → unavailable, not retryable', () => {
    expect(errorResponse(undefined)).toEqual({
      type: 'unavailable',
      retryable: false,
      retryAfterSeconds: null,
    });
  });

  it('ignores the operator outside operator failures', () => {
    expect(errorResponse('10', 'Orange')).toEqual({ type: 'phone-rejected', reason: 'INVALID' });
  });
});

describe('classifyDqeFailure — failure kinds', () => {
  it.each(['timeout', 'connection-failed', 'unreadable-body', 'token-unavailable'])(
    '%s → unavailable, retryable',
    (kind) => {
      expect(classifyDqeFailure({ kind })).toEqual(TRANSIENT);
    },
  );

  it.each([500, 502, 503, 504, 599])('bad-status %d → unavailable, retryable', (httpStatus) => {
    expect(classifyDqeFailure({ kind: 'bad-status', httpStatus })).toEqual(TRANSIENT);
  });

  it('bad-status without a status → unavailable, retryable', () => {
    expect(classifyDqeFailure({ kind: 'bad-status' })).toEqual(TRANSIENT);
  });

  it.each([400, 401, 403, 404, 405])('bad-status %d → misconfigured', (httpStatus) => {
    expect(classifyDqeFailure({ kind: 'bad-status', httpStatus })).toEqual(MISCONFIGURED);
  });

  it.each(['token-refused', 'token-rejected-twice', 'something-new'])('%s → misconfigured', (kind) => {
    expect(classifyDqeFailure({ kind })).toEqual(MISCONFIGURED);
  });

  it('an error id only counts for error-response', () => {
    expect(classifyDqeFailure({ kind: 'timeout', errorId: '10' })).toEqual(TRANSIENT);
    expect(classifyDqeFailure({ kind: 'token-refused', errorId: '99' })).toEqual(MISCONFIGURED);
  });

  it('classifies every kind the DQE client can report', () => {
    const types = Object.fromEntries(
      DQE_ERROR_KINDS.map((kind) => [
        kind,
        classifyDqeFailure({ kind, errorId: '99', httpStatus: 503 }).type,
      ]),
    );
    expect(types).toEqual({
      'error-response': 'unavailable',
      timeout: 'unavailable',
      'connection-failed': 'unavailable',
      'bad-status': 'unavailable',
      'unreadable-body': 'unavailable',
      'token-refused': 'misconfigured',
      'token-unavailable': 'unavailable',
      'token-rejected-twice': 'misconfigured',
      'circuit-open': 'unavailable',
      overloaded: 'unavailable',
    });
  });

  it.each(['circuit-open', 'overloaded'])(
    '%s is retryable after the wait the resilience layer gives',
    (kind) => {
      expect(classifyDqeFailure({ kind, retryAfterSeconds: 7 })).toEqual({
        type: 'unavailable',
        retryable: true,
        retryAfterSeconds: 7,
      });
    },
  );
});

describe('HTTP statuses that will pass', () => {
  it.each([408, 429])('bad-status %d is transient, not a misconfiguration', (httpStatus) => {
    expect(classifyDqeFailure({ kind: 'bad-status', httpStatus })).toMatchObject({
      type: 'unavailable',
      retryable: true,
    });
  });
});
