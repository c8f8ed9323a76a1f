/**
 * Issue 19: a fallback is visible in the trace — an event on the match's span naming the providers and
 * the reason, each provider's client span under it — and spans over both providers carry no personal data.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Tracing } from '../../src/observability/tracing.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';
import { type OtlpReceiver, type ReceivedSpan, scannableText } from '../support/otlp-receiver.js';
import { startTestTracing } from '../support/test-tracing.js';

const person = {
  firstName: 'Aurélianne',
  lastName: 'Quentalbert',
  email: 'aurelianne.quentalbert@example.org',
  streetAddress: 'Boulevard Zéphyrinois',
  locality: 'Villeurbannette',
  country: 'France',
} as const;
const SERVICE_NOT_APPLICABLE = '+33600031422';
const ES_ALL_TRUE = '+34600000000';

let receiver: OtlpReceiver;
let tracing: Tracing;
let h: Harness;
let spans: ReceivedSpan[];
beforeAll(async () => {
  ({ receiver, tracing } = await startTestTracing());
  h = await startHarness({ env: { MATCH_ROUTES: 'FR=camara>dqe,ES=camara,*=dqe' } });
  for (const phoneNumber of [SERVICE_NOT_APPLICABLE, ES_ALL_TRUE]) {
    await h.post({
      query: `mutation($input: MatchIdentityInput!) { matchIdentity(input: $input) { __typename } }`,
      variables: { input: { phoneNumber, userInfos: person } },
    });
  }
  await tracing.forceFlush();
  spans = receiver.spans();
});
afterAll(async () => {
  await h?.close();
  await tracing?.shutdown();
  await receiver?.close();
});

it('a fallback is an event on the match span; each provider call is a client span under it', () => {
  const matches = spans.filter((s) => s.name === 'matchIdentity');
  const fellBack = matches.find((s) => s.events.some((e) => e.name === 'match.fallback'));
  expect(fellBack?.attributes['match.provider']).toBe('dqe');
  expect(fellBack?.events.find((e) => e.name === 'match.fallback')?.attributes).toEqual({
    'match.fallback.from': 'camara',
    'match.fallback.to': 'dqe',
    'match.fallback.reason': 'cannot-serve',
  });
  const under = spans.filter((s) => s.parentSpanId === fellBack?.spanId).map((s) => s.name);
  expect(under).toEqual(expect.arrayContaining(['camara.match', 'dqe.match']));
  const camara = spans.find((s) => s.name === 'camara.match' && s.parentSpanId === fellBack?.spanId);
  expect(camara?.attributes).toMatchObject({
    'camara.error.kind': 'service-not-applicable',
    'http.response.status_code': 422,
  });
  expect(camara?.kind).toBe(3);
  const direct = matches.find((s) => s !== fellBack);
  expect(direct?.attributes['match.provider']).toBe('camara');
});

it('spans over both providers carry no personal data and no full phone number', () => {
  const text = scannableText(spans);
  for (const value of [...Object.values(person), '600031422', '34600000000', 'camara-sandbox-secret'])
    expect(text).not.toContain(value === 'France' ? '"France"' : value);
});
