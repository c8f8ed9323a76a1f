/**
 * Issue 15 items 4 and 5 through GraphQL, with DQE played by the sandbox on a real socket: a hostile
 * upstream answer must not stall the replica, and a 200 without any score key is logged as an anomaly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MatchIdentityDocument } from '../generated/graphql.js';
import { maxEventLoopDelayMs } from '../support/event-loop-delay.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';

const TIMEOUT_MS = 5000;
const FULL_MATCH = '+33600000000';
const NO_SCORE_KEYS = '+33600000007';
const HOSTILE_LABEL = '+33600002010';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    env: { DQE_TIMEOUT_MS: String(TIMEOUT_MS), DQE_MAX_RETRIES: '0' },
    // Every answer takes a while, so the other matches are really in flight while the hostile one arrives.
    sandbox: { latencyMs: 150 },
  });
  await match(FULL_MATCH); // a token first
});
afterAll(() => h.close());

const match = (phoneNumber: string, lastName = 'Martin') =>
  h.execute(MatchIdentityDocument, { input: { phoneNumber, userInfos: { lastName, firstName: 'Jeanne' } } });

describe('a DQE answer carrying a hostile 1 MiB error label', () => {
  it('is refused without stalling the event loop, and the requests in flight are answered', async () => {
    const typenames: string[] = [];
    const stall = await maxEventLoopDelayMs(async () => {
      const others = Array.from({ length: 8 }, () => match(FULL_MATCH));
      const results = await Promise.all([match(HOSTILE_LABEL), ...others]);
      typenames.push(...results.map((r) => r.data!.matchIdentity.__typename));
    });
    // Before issue 15 this label stalled the loop for about two minutes; now it costs nothing measurable.
    expect(stall).toBeLessThan(TIMEOUT_MS / 10);
    expect(typenames[0]).toBe('MatchServiceUnavailableError');
    expect(typenames.slice(1)).toEqual(Array(8).fill('IdentityMatch'));
    // The vendor's text is neither kept nor logged.
    expect(h.logLines.every((line) => !line.includes('operator operator'))).toBe(true);
  });
});

describe('a 200 body with none of the score keys', () => {
  it('is a REVIEW match, logged as an anomaly without any of the body', async () => {
    const before = h.logLines.length;
    const result = await match(NO_SCORE_KEYS, 'Dupont-Secret');
    expect(result.data!.matchIdentity).toMatchObject({ __typename: 'IdentityMatch', decision: 'REVIEW' });

    const lines = h.logLines.slice(before);
    const anomaly = lines.map((l) => JSON.parse(l)).find((l) => l.dqeAnomaly === 'no-score-keys');
    expect(anomaly).toMatchObject({ level: 40, matchId: expect.any(String) });
    // The body echoed the submitted user_infos: none of it reaches any log line.
    for (const line of lines) {
      expect(line).not.toContain('Dupont-Secret');
      expect(line).not.toContain('Jeanne');
      expect(line).not.toContain('lastname');
    }
  });

  it('is not reported for a body with some score keys', async () => {
    const before = h.logLines.length;
    await match('+33600000004'); // MISSING_KEYS: {"family_name": 1.0}
    expect(h.logLines.slice(before).some((l) => l.includes('no-score-keys'))).toBe(false);
  });
});
