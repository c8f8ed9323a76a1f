import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey } from '../../src/auth/index.js';
import type { Tracing } from '../../src/observability/tracing.js';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/index.js';
import { MatchIdentityDocument } from '../generated/graphql.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';
import { type OtlpReceiver, type ReceivedSpan, scannableText } from '../support/otlp-receiver.js';
import { startTestTracing } from '../support/test-tracing.js';

// Distinctive values, so that any trace of them in a span is unmistakable (as in logs-privacy.test.ts).
const person = {
  firstName: 'Aurélianne',
  lastName: 'Quentalbert',
  maidenName: 'Vossmeyerin',
  gender: 'FEMALE',
  birthdate: '1987-11-23',
  email: 'aurelianne.quentalbert@example.org',
  streetNumber: '221',
  streetAddress: 'Boulevard Zéphyrinois',
  postalCode: '69007',
  locality: 'Villeurbannette',
  country: 'France',
} as const;
const FULL_MATCH = '+33600000000';
const ERROR_16 = '+33600001016'; // retried (transient), then failed
const ERROR_99 = '+33600001099'; // HTTP 500 with DQE's error body
const INCOMING_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const INCOMING_PARENT = '00f067aa0ba902b7';
const apiKey = generateApiKey();
const auth = { 'x-api-key': apiKey };

let receiver: OtlpReceiver;
let tracing: Tracing;
let h: Harness;
let spans: ReceivedSpan[];
let traceIdHeader: string | null;
let tracedRequestId: string | null;
let bulkTrace: string;
let failureTrace: string;
beforeAll(async () => {
  ({ receiver, tracing } = await startTestTracing());
  h = await startHarness({
    env: { GATEWAY_API_KEYS: `tracing-app:${hashApiKey(apiKey)}`, DQE_MAX_RETRIES: '2' },
    resilience: { backoff: { initialDelayMs: 1, maxDelayMs: 2 } },
  });
  const response = await h.post(
    { query: MATCH, variables: { input: { phoneNumber: FULL_MATCH, userInfos: person } } },
    { ...auth, traceparent: `00-${INCOMING_TRACE}-${INCOMING_PARENT}-01`, tracestate: 'router=1' },
  );
  expect(response.status).toBe(200);
  traceIdHeader = response.headers.get('x-trace-id');
  tracedRequestId = response.headers.get('x-request-id');
  const bulk = await h.post(
    {
      query: `mutation Bulk($inputs: [MatchIdentityInput!]!) { matchIdentities(inputs: $inputs) { __typename } }`,
      variables: {
        inputs: [
          { phoneNumber: '+33600000001', userInfos: person },
          { phoneNumber: '+33600000005', userInfos: person },
        ],
      },
    },
    auth,
  );
  bulkTrace = bulk.headers.get('x-trace-id') ?? '';
  const failure = await h.post(
    { query: MATCH, variables: { input: { phoneNumber: ERROR_16, userInfos: person } } },
    auth,
  );
  failureTrace = failure.headers.get('x-trace-id') ?? '';
  await h.execute(MatchIdentityDocument, { input: { phoneNumber: ERROR_99, userInfos: person } }, auth);
  // Bad input: semantic and type-level, both carry personal data.
  await h.execute(
    MatchIdentityDocument,
    { input: { phoneNumber: '+33 6 12', userInfos: { ...person, birthdate: '2999-01-01' } } },
    auth,
  );
  await h.post({ query: MATCH, variables: { input: { phoneNumber: 42, userInfos: person } } }, auth);
  await h.post({ query: MATCH, variables: { input: { userInfos: { ...person, lastName: 7 } } } }, auth);
  // A GET puts the variables in the query string; a scanner's path may hold anything.
  const query = new URLSearchParams({
    query: 'query Caps($x: String) { matchingCapabilities { sandbox } }',
    variables: JSON.stringify({ x: person.lastName }),
  });
  for (const path of [`/graphql?${query}`, `/${person.lastName}/${person.email}`]) {
    await h.gateway.fetch(`http://gateway.test${path}`, { headers: { ...auth, 'x-graphql-yoga-csrf': '1' } });
  }
  await h.gateway.fetch('http://gateway.test/health');
  await tracing.forceFlush();
  spans = receiver.spans();
});
afterAll(async () => {
  await h?.close();
  await tracing?.shutdown();
  await receiver?.close();
});

const MATCH = `mutation MatchIdentity($input: MatchIdentityInput!) {
  matchIdentity(input: $input) { __typename ... on IdentityMatch { id decision } }
}`;

const inTrace = (traceId: string) => spans.filter((s) => s.traceId === traceId);
const named = (list: ReceivedSpan[], name: string) => list.filter((s) => s.name === name);
function only(list: ReceivedSpan[], name: string): ReceivedSpan {
  const found = named(list, name);
  expect(
    found.map((s) => s.name),
    `one span ${name}`,
  ).toEqual([name]);
  return found[0]!;
}
const childOf = (child: ReceivedSpan, parent: ReceivedSpan) => expect(child.parentSpanId).toBe(parent.spanId);

describe('one trace from the incoming traceparent to the DQE call', () => {
  it('continues the caller trace and answers its id in x-trace-id', () => {
    expect(traceIdHeader).toBe(INCOMING_TRACE);
    const http = only(inTrace(INCOMING_TRACE), 'POST /graphql');
    expect(http.parentSpanId).toBe(INCOMING_PARENT);
    expect(http.kind).toBe(2);
    expect(http.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/graphql',
      'http.response.status_code': 200,
    });
  });

  it('links HTTP request → operation → matchIdentity → validation, admission, DQE call → HTTP exchanges', () => {
    const trace = inTrace(INCOMING_TRACE);
    const http = only(trace, 'POST /graphql');
    const operation = only(trace, 'mutation.MatchIdentity');
    childOf(operation, http);
    // Name and type only: never the document or the variables.
    expect(operation.attributes).toEqual({
      'graphql.execute.operationName': 'MatchIdentity',
      'graphql.execute.operationType': 'mutation',
    });
    const match = only(trace, 'matchIdentity');
    childOf(match, operation);
    expect(match.attributes).toMatchObject({ 'match.lane': 'online', 'match.result': 'matched' });
    childOf(only(trace, 'match.validate'), match);
    childOf(only(trace, 'rateLimit.admit'), match);
    const call = only(trace, 'dqe.match');
    childOf(call, match);
    expect(call.kind).toBe(3);
    expect(call.attributes).toMatchObject({
      'http.request.method': 'GET',
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(h.sandbox.url).port),
      'http.response.status_code': 200,
      'dqe.retry.count': 0,
      'dqe.circuit.state': 'closed',
    });
    const exchange = only(trace, 'GET /IDMOBILE/');
    childOf(exchange, call);
    expect(exchange.attributes).toMatchObject({
      'url.template': '/IDMOBILE/',
      'http.response.status_code': 200,
    });
    // The first match fetched the token: its exchange is in this trace too.
    const token = only(trace, 'POST /ACCESS_TOKEN/');
    childOf(token, call);
    expect(token.attributes).toMatchObject({ 'http.response.status_code': 200 });
  });

  it('sends the trace context to DQE: the sandbox sees the trace id, the exchange span as parent', () => {
    const exchange = only(inTrace(INCOMING_TRACE), 'GET /IDMOBILE/');
    const seen = h.sandbox.requests.filter((r) => r.path === '/IDMOBILE/').map((r) => r.traceparent);
    expect(seen[0]).toBe(`00-${INCOMING_TRACE}-${exchange.spanId}-01`);
  });

  it('puts trace_id and span_id on every log line of the traced request', () => {
    const ofRequest = h.logs().filter((l) => l.requestId === tracedRequestId);
    expect(ofRequest.some((l) => l.audit === 'matchIdentity')).toBe(true);
    for (const line of ofRequest) expect(line.trace_id).toBe(INCOMING_TRACE);
    const lines = h.logs().filter((l) => l.trace_id === INCOMING_TRACE);
    const ids = new Set(inTrace(INCOMING_TRACE).map((s) => s.spanId));
    for (const line of lines) expect(ids.has(line.span_id as string)).toBe(true);
    const audit = h.logs().filter((l) => l.audit === 'matchIdentity');
    for (const line of audit) expect(line.trace_id).toMatch(/^[0-9a-f]{32}$/);
  });
});

it('gives each bulk item its span, and each item its own DQE call under it', () => {
  const trace = inTrace(bulkTrace);
  const items = named(trace, 'matchIdentities.item');
  expect(items.map((s) => s.attributes['match.item']).sort()).toEqual([0, 1]);
  const calls = named(trace, 'dqe.match');
  expect(calls).toHaveLength(2);
  expect(new Set(calls.map((c) => c.parentSpanId))).toEqual(new Set(items.map((i) => i.spanId)));
  for (const call of calls) expect(call.attributes['dqe.lane']).toBe('bulk');
});

describe('DQE failures', () => {
  it('sets ERROR on the exchanges, the call and the match, with the DQE error id; retries are events', () => {
    const trace = inTrace(failureTrace);
    const call = only(trace, 'dqe.match');
    expect(call.status.code).toBe(2);
    expect(call.attributes).toMatchObject({
      'dqe.error.id': '16',
      'dqe.error.kind': 'error-response',
      'dqe.retry.count': 2,
      'error.type': 'error-response',
    });
    expect(call.events.map((e) => [e.name, e.attributes['dqe.retry.attempt']])).toEqual([
      ['dqe.retry', 1],
      ['dqe.retry', 2],
    ]);
    const exchanges = named(trace, 'GET /IDMOBILE/');
    expect(exchanges).toHaveLength(3);
    for (const exchange of exchanges) {
      childOf(exchange, call);
      expect(exchange.status.code).toBe(2);
      expect(exchange.attributes['dqe.error.id']).toBe('16');
    }
    const match = only(trace, 'matchIdentity');
    expect(match.status.code).toBe(2);
    expect(match.attributes['match.failure']).toBe('operator');
  });

  it('records the HTTP status of an error answer', () => {
    const call = spans.find((s) => s.name === 'dqe.match' && s.attributes['dqe.error.id'] === '99');
    expect(call?.attributes['http.response.status_code']).toBe(500);
    expect(call?.status.code).toBe(2);
  });
});

it('never exports personal data, secrets, tokens, full phone numbers or query strings in a span', () => {
  expect(spans.length).toBeGreaterThan(20);
  expect(spans.filter((s) => s.name === 'GET /graphql')).toHaveLength(1);
  // The scanner's path only: /health, not traced, would be a second `GET`.
  expect(spans.filter((s) => s.name === 'GET')).toHaveLength(1);
  const text = scannableText(spans);
  const tokens = h.sandbox.requests.filter((r) => r.params.token).map((r) => r.params.token!);
  const forbidden = [
    SANDBOX_CREDENTIALS.licence,
    SANDBOX_CREDENTIALS.clientSecret,
    apiKey,
    ...tokens,
    ...Object.values(person).filter((v) => v.length > 3 && v !== 'France' && v !== 'FEMALE'),
    'aurelianne',
    ...[FULL_MATCH, ERROR_16, ERROR_99, '+33600000001', '+33600000005'].flatMap((p) => [p, p.slice(3)]),
    'user_infos',
    'licence=',
    '?',
  ];
  expect(tokens.length).toBeGreaterThan(0);
  for (const value of forbidden) expect(text, `a span contains ${value.slice(0, 4)}…`).not.toContain(value);
});
