import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MatchIdentityDocument } from '../generated/graphql.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const body = (phoneNumber: string) => ({
  query: 'mutation($i: MatchIdentityInput!) { matchIdentity(input: $i) { __typename } }',
  variables: { i: { phoneNumber, userInfos: { lastName: 'Martin' } } },
});

async function linesOf(requestHeader: Record<string, string>, phoneNumber = '+33600000000') {
  const before = h.logLines.length;
  const response = await h.post(body(phoneNumber), requestHeader);
  await response.text();
  const lines = h.logLines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { requestId: response.headers.get('x-request-id')!, lines };
}

describe('request ids', () => {
  it('a fresh UUID when the caller sends none, echoed and on every log line of the request', async () => {
    const { requestId, lines } = await linesOf({});
    expect(requestId).toMatch(UUID);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.requestId).toBe(requestId);
  });

  it('at info level (no log context kept), the audit line still carries the request id', async () => {
    const quiet = await startHarness({ logLevel: 'info' });
    try {
      const response = await quiet.post(body('+33600000000'), { 'x-request-id': 'info-level-request' });
      await response.text();
      const lines = quiet.logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
      const audit = lines.filter((l) => l.audit === 'matchIdentity');
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ requestId: 'info-level-request', clientId: 'open' });
    } finally {
      await quiet.close();
    }
  });

  it("the caller's id when it is at most 128 characters of [A-Za-z0-9._:-]", async () => {
    const given = `trace-1.2:abc_${'x'.repeat(100)}`;
    const { requestId, lines } = await linesOf({ 'x-request-id': given });
    expect(requestId).toBe(given);
    expect(lines.every((l) => l.requestId === given)).toBe(true);
  });

  it.each([
    ['too long', 'a'.repeat(129)],
    ['a space', 'abc def'],
    ['a JSON-breaking quote', 'abc"}'],
    ['empty', ''],
  ])('a new UUID when the caller sends one with %s', async (_name, given) => {
    const { requestId } = await linesOf({ 'x-request-id': given });
    expect(requestId).toMatch(UUID);
  });
});

describe('the audit line: one per matchIdentity, ids and outcomes only', () => {
  const auditOf = (lines: Record<string, unknown>[]) => lines.filter((l) => l.audit === 'matchIdentity');

  it('for a match: client, request, match id, decision, DQE called', async () => {
    const before = h.logLines.length;
    const result = await h.execute(MatchIdentityDocument, {
      input: { phoneNumber: '+33600000000', userInfos: { lastName: 'Martin' } },
    });
    const matchId =
      result.data!.matchIdentity.__typename === 'IdentityMatch' ? result.data!.matchIdentity.id : '';
    const audit = auditOf(h.logLines.slice(before).map((l) => JSON.parse(l)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      clientId: 'open',
      requestId: expect.stringMatching(UUID),
      matchId,
      result: 'IdentityMatch',
      decision: 'ACCEPT',
      dqeCalled: true,
      latencyMs: expect.any(Number),
    });
  });

  it('for a DQE error: the error kind and id', async () => {
    const { lines } = await linesOf({}, '+33600001016');
    expect(auditOf(lines)).toEqual([
      expect.objectContaining({
        result: 'operator',
        dqeErrorKind: 'error-response',
        dqeErrorId: '16',
        dqeCalled: true,
      }),
    ]);
  });

  it('for bad input: no DQE call', async () => {
    const { lines } = await linesOf({}, '+33 6 12');
    expect(auditOf(lines)).toEqual([
      expect.objectContaining({ result: 'MatchInputError', dqeCalled: false }),
    ]);
  });
});
