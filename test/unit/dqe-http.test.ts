import { describe, expect, it } from 'vitest';
import { classifyTransportError, errorCode, scrubError } from '../../src/dqe/http.js';

describe('scrubError', () => {
  it('masks secrets, URLs and DQE paths in the message, stack and causes, in place', () => {
    const inner = new Error('GET /IDMOBILE/?licence=LIC-1234&number=0612345678 failed');
    const outer = new Error('boom at https://dqe.example.com/IDMOBILE/?token=TK-abcdef', { cause: inner });
    const aggregate = new AggregateError([new Error('secret-xyz leaked')], 'many');
    (inner as Error & { cause?: unknown }).cause = aggregate;

    scrubError(outer, ['LIC-1234', 'secret-xyz', 'TK-abcdef', '0612345678']);

    const text = [outer.message, outer.stack, inner.message, inner.stack, aggregate.errors[0].message].join(
      '\n',
    );
    for (const leak of [
      'LIC-1234',
      'secret-xyz',
      'TK-abcdef',
      '0612345678',
      'dqe.example.com',
      '/IDMOBILE/?',
    ]) {
      expect(text).not.toContain(leak);
    }
    expect(outer.message).toBe('boom at [url]');
    expect(inner.message).toBe('GET [path] failed');
  });

  it('leaves non-errors and clean errors alone', () => {
    const clean = new Error('connect ECONNREFUSED 127.0.0.1:4567');
    scrubError(clean, ['SECRET']);
    expect(clean.message).toBe('connect ECONNREFUSED 127.0.0.1:4567');
    expect(() => scrubError('a string', ['x'])).not.toThrow();
  });
});

describe('classifyTransportError', () => {
  it('undici timers are timeouts; everything else is a connection failure', () => {
    expect(
      classifyTransportError(Object.assign(new Error('x'), { code: 'UND_ERR_HEADERS_TIMEOUT' })).timedOut,
    ).toBe(true);
    expect(
      classifyTransportError(Object.assign(new Error('x'), { code: 'UND_ERR_BODY_TIMEOUT' })).timedOut,
    ).toBe(true);
    expect(classifyTransportError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toEqual({
      timedOut: false,
      code: 'ECONNRESET',
    });
  });

  it('finds the code of an AggregateError member, and ignores unsafe codes', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED ::1:4567'), { code: 'ECONNREFUSED' });
    expect(errorCode(new AggregateError([refused]))).toBe('ECONNREFUSED');
    expect(errorCode(Object.assign(new Error('x'), { code: 'http://evil/?licence=1' }))).toBeUndefined();
  });
});
