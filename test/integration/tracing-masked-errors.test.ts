/**
 * A span never says more than the response: an unexpected error outside a match field is "Unexpected
 * error." in the response, and its own message (which may quote anything the failing code held) must not
 * reach the operation span's exception event either.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { MatchResultStore } from '../../src/federation/match-result-store.js';
import { createLogger } from '../../src/observability/logger.js';
import type { Tracing } from '../../src/observability/tracing.js';
import { createGateway } from '../../src/server.js';
import type { OtlpReceiver } from '../support/otlp-receiver.js';
import { startTestTracing } from '../support/test-tracing.js';

const SECRET_DETAIL = 'store-bug-detail-Quentalbert-1987-11-23';

let receiver: OtlpReceiver;
let tracing: Tracing;
beforeAll(async () => {
  ({ receiver, tracing } = await startTestTracing({ sampler: 'always_on' }));
});
afterAll(async () => {
  await tracing?.shutdown();
  await receiver?.close();
});

// The one place a stand-in is right: a bug in a store cannot be provoked through the real one.
it('an unexpected error is masked in the response and in every span', async () => {
  const loaded = loadConfig({});
  if (!loaded.ok) throw new Error('config');
  const brokenStore: MatchResultStore = {
    save: async () => {},
    getMany: async () => {
      throw new TypeError(`cannot read ${SECRET_DETAIL}`);
    },
  };
  const gateway = createGateway(loaded.config, {
    dqe: { matchWithoutOtp: async () => Promise.reject(new Error('not called')) },
    logger: createLogger({ level: 'silent' }),
    sandbox: true,
    matchResults: brokenStore,
  });
  const response = await gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `query Lookup { _entities(representations: [{ __typename: "IdentityMatch", id: "m-1" }]) { ... on IdentityMatch { id } } }`,
    }),
  });
  const body = await response.text();
  expect(body).toContain('Unexpected error.');
  expect(body).not.toContain(SECRET_DETAIL);

  await tracing.forceFlush();
  const spans = receiver.spans();
  const operation = spans.find((span) => span.events.some((event) => event.name === 'exception'));
  expect(operation, 'the operation span records the error').toBeDefined();
  expect(JSON.stringify(operation!.events)).toContain('Unexpected error.');
  for (const span of spans) expect(JSON.stringify(span.raw)).not.toContain(SECRET_DETAIL);
});
