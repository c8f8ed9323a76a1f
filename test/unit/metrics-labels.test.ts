import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DqeError } from '../../src/dqe/index.js';
import { OperationLabeller } from '../../src/observability/operation-labels.js';
import { errorIdLabel, PrometheusMetrics } from '../../src/observability/prometheus-metrics.js';
import { bearerMatches } from '../../src/plugins/use-metrics-endpoint.js';
import { sampleValue } from '../support/prometheus-text.js';

describe('OperationLabeller', () => {
  const twoOperations = parse('query A { x } mutation B { y }');

  it('names the operation of the document that runs, and its type', () => {
    const labeller = new OperationLabeller();
    expect(labeller.of(twoOperations, 'B')).toEqual({ operationName: 'B', operationType: 'mutation' });
    expect(labeller.of(parse('{ x }'), undefined)).toEqual({
      operationName: 'Anonymous',
      operationType: 'query',
    });
  });

  it('never takes a requested name that is not in the document', () => {
    const labeller = new OperationLabeller();
    expect(labeller.of(twoOperations, '+33612345678')).toEqual({
      operationName: 'unknown',
      operationType: 'unknown',
    });
    expect(labeller.of(twoOperations, undefined)).toEqual({
      operationName: 'unknown',
      operationType: 'unknown',
    });
    expect(labeller.of(undefined, 'A')).toEqual({ operationName: 'unknown', operationType: 'unknown' });
  });

  it('folds names beyond its bound into "other", keeping the ones already seen', () => {
    const labeller = new OperationLabeller(2);
    const name = (n: string) => labeller.of(parse(`query ${n} { x }`), n).operationName;
    expect([name('A'), name('B'), name('C'), name('A')]).toEqual(['A', 'B', 'other', 'A']);
  });
});

describe('errorIdLabel', () => {
  it('keeps two-digit DQE ids and folds anything else', () => {
    expect(errorIdLabel(new DqeError('error-response', 'x', { errorId: '16' }))).toBe('16');
    expect(errorIdLabel(new DqeError('error-response', 'x', { errorId: 'A7B' }))).toBe('other');
    expect(errorIdLabel(new DqeError('timeout', 'x'))).toBe('none');
    expect(errorIdLabel(undefined)).toBe('none');
  });
});

describe('bearerMatches', () => {
  it('accepts exactly "Bearer <token>"', () => {
    expect(bearerMatches('Bearer s3cret', 's3cret')).toBe(true);
    expect(bearerMatches('bearer s3cret', 's3cret')).toBe(true);
    for (const header of [
      null,
      '',
      'Bearer',
      'Bearer ',
      's3cret',
      'Bearer s3cret2',
      'Basic s3cret',
      'Bearer s3cre',
    ]) {
      expect(bearerMatches(header, 's3cret'), String(header)).toBe(false);
    }
  });
});

describe('PrometheusMetrics', () => {
  it('keeps the in-flight gauge paired with the call hooks', async () => {
    const metrics = new PrometheusMetrics();
    const { onCallStart, onCall } = metrics.dqeHooks;
    onCallStart();
    onCallStart();
    let text = await metrics.registry.metrics();
    expect(sampleValue(text, 'dqe_calls_in_flight', {})).toBe(2);
    onCall('ok', 120);
    onCall('timeout', 10_000, new DqeError('timeout', 'late'));
    metrics.rateLimited();
    text = await metrics.registry.metrics();
    expect(sampleValue(text, 'dqe_calls_in_flight', {})).toBe(0);
    expect(sampleValue(text, 'dqe_calls_total', { outcome: 'timeout', error_id: 'none' })).toBe(1);
    expect(sampleValue(text, 'dqe_call_duration_seconds_sum', { outcome: 'ok' })).toBeCloseTo(0.12);
    expect(sampleValue(text, 'gateway_rate_limited_total', {})).toBe(1);
  });

  it('has a registry of its own per instance', async () => {
    const a = new PrometheusMetrics();
    const b = new PrometheusMetrics();
    a.rateLimited();
    expect(sampleValue(await b.registry.metrics(), 'gateway_rate_limited_total', {})).toBe(0);
  });
});
