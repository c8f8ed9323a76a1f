/**
 * Issue 15 item 4: vendor text is bounded before any pattern runs, and every pattern over it is linear.
 * Measured as the event loop sees it (a stalled loop stalls every request of the replica), not wall time.
 */
import { describe, expect, it } from 'vitest';
import { boundLabel, MAX_LABEL_CHARS, readOperator, sanitiseLabel } from '../../src/dqe/error-label.js';
import { DqeError } from '../../src/dqe/errors.js';
import { parseMatchBody, parseTokenBody } from '../../src/dqe/wire.js';
import { maxEventLoopDelayMs } from '../support/event-loop-delay.js';

/** Far below any deadline (DQE_TIMEOUT_MS is 10 s by default): a megabyte must cost milliseconds. */
const MAX_STALL_MS = 250;
const MIB = 1024 * 1024;

const errorWithLabel = (label: string) =>
  JSON.stringify({ status: 'error', error_id: '16', error_type: label });

function parseError(body: string): DqeError {
  try {
    parseMatchBody(200, 'application/json', body);
  } catch (error) {
    if (error instanceof DqeError) return error;
    throw error;
  }
  throw new Error('expected a DqeError');
}

describe('parseMatchBody on a hostile 1 MiB label', () => {
  it.each([
    ['"operator " repeated (quadratic before)', 'operator '.repeat(MIB / 9)],
    ['"operator" and a run of spaces (cubic before)', `operator${' '.repeat(MIB)}x`],
    ['"operator " and words without an ending word', `operator ${'a '.repeat(70_000)}`],
    ['a long run of digits and separators', `1${' 1.-'.repeat(MIB / 4)}`],
    ['quotes around nothing', `operator ${'`'.repeat(MIB)} not`],
  ])('%s: stays an error-response, and the event loop never stalls', async (_name, label) => {
    let error: DqeError | undefined;
    const stall = await maxEventLoopDelayMs(() => {
      error = parseError(errorWithLabel(label));
    });
    expect(stall).toBeLessThan(MAX_STALL_MS);
    expect(error).toMatchObject({ kind: 'error-response', errorId: '16' });
    expect((error?.errorType ?? '').length).toBeLessThanOrEqual(120);
  });

  it('a huge score string is an anomaly, read in bounded time', async () => {
    let anomalies: string[] = [];
    const stall = await maxEventLoopDelayMs(() => {
      const body = JSON.stringify({ family_name: `${'1'.repeat(MIB)}x`, given_name: ` ${' '.repeat(MIB)}` });
      anomalies = parseMatchBody(200, 'application/json', body).anomalies;
    });
    expect(stall).toBeLessThan(MAX_STALL_MS);
    expect(anomalies).toEqual(['family_name']);
  });

  it('a huge expires_in or content type is read in bounded time', async () => {
    const stall = await maxEventLoopDelayMs(() => {
      parseTokenBody(200, JSON.stringify({ access_token: 'TK1', expires_in: `${' '.repeat(MIB)}x` }));
      expect(() => parseMatchBody(200, `${'a'.repeat(MIB)}`, 'nope')).toThrow(DqeError);
    });
    expect(stall).toBeLessThan(MAX_STALL_MS);
  });
});

describe('error labels', () => {
  it('reads at most MAX_LABEL_CHARS: an operator named further on is not read', () => {
    const label = `${'x'.repeat(MAX_LABEL_CHARS)} operator Orange unreachable`;
    expect(readOperator(boundLabel(label))).toBeUndefined();
    expect(boundLabel(label)).toHaveLength(MAX_LABEL_CHARS);
  });

  it('drops a number cut in two by the bound instead of keeping its head', () => {
    const label = `${'y'.repeat(MAX_LABEL_CHARS - 4)} +33 612345678`;
    expect(boundLabel(label)).toBe('y'.repeat(MAX_LABEL_CHARS - 4));
  });

  it('masks long digit runs and control characters as before', () => {
    expect(sanitiseLabel('call +33 6 12 34 56 78\u0000now')).toBe('call … now');
    expect(sanitiseLabel('error 12345 here')).toBe('error 12345 here');
  });

  it.each([
    ['operator Orange unreachable', 'Orange'],
    ['OPERATOR Orange is down', 'Orange'],
    ['operator « Free » not found', 'Free'],
    ['operator SFR not, sorry', 'SFR'],
    ['operator not found', undefined],
    ['operator Orange island', undefined],
    ['operator <name> not found', undefined],
  ])('operator in %j → %j', (label, operator) => {
    expect(readOperator(label)).toBe(operator);
  });
});
