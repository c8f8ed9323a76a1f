/**
 * Issue 17 item 7: every sandbox magic number, sent through GraphQL with the README's example input (every
 * user field filled), gives what the README column "what your client receives" says
 * (src/sandbox/client-receives.ts). In table order, one after another, with the default breaker: a
 * number must not be spoiled by the fault numbers before it. SLOW and HANG are shortened, not waited for.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EXAMPLE_VARIABLES } from '../../src/graphiql-example.js';
import { CLIENT_RECEIVES } from '../../src/sandbox/client-receives.js';
import { MAGIC_NUMBERS } from '../../src/sandbox/index.js';
import { MatchIdentityDocument, type MatchIdentityInput } from '../generated/graphql.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    env: { DQE_TIMEOUT_MS: '1500' },
    sandbox: { slowResponseMs: 20 },
    // Short backoff, so that the retries of 16 and 99 stay well inside the short deadline.
    resilience: { backoff: { initialDelayMs: 1, maxDelayMs: 5 } },
  });
});
afterAll(() => h.close());

it('has an expectation for every magic number', () => {
  expect(Object.keys(CLIENT_RECEIVES).sort()).toEqual(MAGIC_NUMBERS.map((m) => m.scenario).sort());
});

it('gives, for every number in table order, the __typename, code or decision and retryable of the table', async () => {
  const received: Record<string, unknown>[] = [];
  const expected: Record<string, unknown>[] = [];
  for (const { e164, scenario } of MAGIC_NUMBERS) {
    // The README's input as a client sends it (its gender, FEMALE, is a string in the example's JSON).
    const input = { ...EXAMPLE_VARIABLES.input, phoneNumber: e164 } as MatchIdentityInput;
    const result = await h.execute(MatchIdentityDocument, { input });
    const answer = result.data!.matchIdentity;
    const want = CLIENT_RECEIVES[scenario];
    if (answer.__typename === 'IdentityMatch') {
      received.push({ scenario, typename: answer.__typename, decision: answer.decision, retryable: false });
    } else {
      const { code, retryable, retryAfterSeconds } = answer as {
        code: string;
        retryable: boolean;
        retryAfterSeconds: number | null;
      };
      received.push({ scenario, typename: answer.__typename, code, retryable });
      // The notes that promise retryAfterSeconds 5 keep it.
      if (want.note.startsWith('retryAfterSeconds 5')) expect(retryAfterSeconds, scenario).toBe(5);
    }
    expected.push(
      want.typename === 'IdentityMatch'
        ? { scenario, typename: want.typename, decision: want.decision, retryable: false }
        : { scenario, typename: want.typename, code: want.code, retryable: want.retryable },
    );
  }
  expect(received).toEqual(expected);
});
