import { afterAll, beforeAll, expect, it } from 'vitest';
import { MatchIdentityDocument } from '../generated/graphql.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';

// Two upstream slots; bulk items may hold one (DQE_BULK_SHARE's default, half). The bulk's items hang at
// DQE until their deadline: without the bulk lane they would hold both slots and the single match would
// wait in the queue until its own deadline passed.
const HANG = '+33600002004';
const FULL_MATCH = '+33600000000';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    env: { DQE_MAX_CONCURRENCY: '2', DQE_TIMEOUT_MS: '1000', DQE_MAX_RETRIES: '0' },
  });
});
afterAll(() => h.close());

// Distinct names: identical items would be one DQE call.
const person = (phoneNumber: string, lastName = 'Martin') => ({ phoneNumber, userInfos: { lastName } });

it('a bulk of slow items never takes the slots single matches need', async () => {
  const bulk = h.post({
    query: `mutation($inputs: [MatchIdentityInput!]!) {
      matchIdentities(inputs: $inputs) { __typename ... on MatchError { code } }
    }`,
    variables: { inputs: [person(HANG, 'Petit'), person(HANG, 'Durand')] },
  });
  // The single match starts once the bulk's first item is at DQE.
  await h.sandbox.waitForMatchRequests(1);
  const single = await h.execute(MatchIdentityDocument, { input: person(FULL_MATCH) });
  expect(single.data?.matchIdentity.__typename).toBe('IdentityMatch');
  // Only one bulk item had reached DQE while the single match was answered: the lane held the others.
  expect(h.sandbox.matchRequests()).toBe(2);

  const items = ((await (await bulk).json()) as { data: { matchIdentities: { code: string }[] } }).data
    .matchIdentities;
  expect(items.map((i) => i.code)).toEqual(['SERVICE_UNAVAILABLE', 'SERVICE_UNAVAILABLE']);
});
