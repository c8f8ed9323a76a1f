import type { IncomingMessage } from 'node:http';
import { text } from 'node:stream/consumers';
import { composeServices } from '@apollo/composition';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApplicationSubgraph } from '../federation/support/application-subgraph.js';
import { serviceSdl } from '../federation/support/federation-stack.js';
import { listen } from '../federation/support/listen.js';
import { type Fleet, type GraphqlAnswer, type Replica, startFleet, until } from '../support/gateway-fleet.js';

// Issue 16, "Proof": three gateway processes as `npm start` runs them, one real Redis, one DQE sandbox,
// a round-robin client. Each promise that held for one replica holds for the fleet.

const MATCH = `mutation($input: MatchIdentityInput!) {
  matchIdentity(input: $input) {
    __typename
    ... on IdentityMatch { id phoneNumber decision overallScore }
    ... on MatchError { code retryable retryAfterSeconds }
  }
}`;
const ENTITIES = `query($ids: [_Any!]!) {
  _entities(representations: $ids) { ... on IdentityMatch { id phoneNumber decision } }
}`;
const SLOW = '+33600002003';
const FULL = '+33600000000';

type Match = { __typename: string; id?: string; code?: string; retryable?: boolean };
const matchOf = (answer: GraphqlAnswer) =>
  (answer.body.data?.matchIdentity ?? undefined) as Match | undefined;
const input = (phoneNumber: string, lastName = 'Martin') => ({
  input: { phoneNumber, userInfos: { lastName } },
});
/**
 * A last name per index and test, letters only (names are validated): Martina, Martinb, …, Martinba, …
 * Each test has its own base, so that one test's load, however long, never reuses another's names (the
 * bills are counted per name).
 */
const nameOf = (i: number, base = 'Martin') =>
  `${base}${i.toString(26).replace(/./g, (d) => String.fromCharCode(97 + Number.parseInt(d, 26)))}`;

/** Each request on the next replica, as a round-robin balancer sends them. */
const send = (fleet: Fleet, vars: object, headers: Record<string, string>, replica = fleet.next()) =>
  replica.graphql(MATCH, vars, headers);

/** DQE match calls for this last name (the sandbox counts what was billed). */
const billsFor = (fleet: Fleet, lastName: string) =>
  fleet.sandbox.requests.filter(
    (r) =>
      r.path.startsWith('/IDMOBILE') &&
      (JSON.parse(r.params.user_infos ?? '{}') as { lastname?: string }).lastname === lastName,
  ).length;

describe('a fleet of three replicas on one Redis', () => {
  let fleet: Fleet;
  let alpha: Record<string, string>;
  let beta: Record<string, string>;
  beforeAll(async () => {
    fleet = await startFleet({
      env: { RATE_LIMIT_PER_MINUTE: '100000' },
      sandbox: { slowResponseMs: 400 },
    });
    alpha = { 'x-api-key': fleet.keys.alpha };
    beta = { 'x-api-key': fleet.keys.beta };
  }, 60_000);
  afterAll(() => fleet?.close());

  it('cold start: one DQE token request for the whole fleet, under 30 concurrent matches', async () => {
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => send(fleet, input(FULL, nameOf(i)), alpha)),
    );
    expect(answers.map((a) => matchOf(a)?.__typename)).toEqual(Array(30).fill('IdentityMatch'));
    expect(fleet.sandbox.tokenRequests()).toBe(1);
  });

  it('an idempotent retry on another replica gets the same IdentityMatch.id, and DQE is called once', async () => {
    const [first, second] = [fleet.replicas[0]!, fleet.replicas[1]!];
    const headers = { ...alpha, 'idempotency-key': 'fleet-retry-1' };
    const a = await send(fleet, input(FULL, 'Retryonce'), headers, first);
    const b = await send(fleet, input(FULL, 'Retryonce'), headers, second);
    expect(matchOf(a)?.id).toEqual(expect.any(String));
    expect(matchOf(b)?.id).toBe(matchOf(a)?.id);
    expect(b.body).toEqual(a.body);
    expect(billsFor(fleet, 'Retryonce')).toBe(1);
  });

  it('the same key sent at once to all three replicas: one DQE call, three identical answers', async () => {
    const headers = { ...alpha, 'idempotency-key': 'fleet-at-once-1' };
    const answers = await Promise.all(
      fleet.replicas.map((replica) => send(fleet, input(SLOW, 'Atonce'), headers, replica)),
    );
    expect(matchOf(answers[0]!)?.__typename).toBe('IdentityMatch');
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(billsFor(fleet, 'Atonce')).toBe(1);
  });

  it('_entities on any replica resolves a match made on another, for its owner and the router only', async () => {
    const made = matchOf(await send(fleet, input(FULL, 'Entity'), alpha, fleet.replicas[0]!))!;
    const ids = { ids: [{ __typename: 'IdentityMatch', id: made.id }] };
    const lookup = (replica: Replica, headers: Record<string, string>) =>
      replica.graphql(ENTITIES, ids, headers).then((a) => a.body);
    const found = { data: { _entities: [{ id: made.id, phoneNumber: FULL, decision: expect.any(String) }] } };
    for (const replica of fleet.replicas.slice(1)) {
      expect(await lookup(replica, alpha)).toEqual(found);
      expect(await lookup(replica, { 'x-router-secret': fleet.routerSecret })).toEqual(found);
      // Another client gets what an unknown id gets.
      expect(await lookup(replica, beta)).toEqual({ data: { _entities: [null] } });
    }
  });

  it('_entities through Hive Gateway, the subgraph URL spread over the replicas: matches made on any replica resolve', async () => {
    const router = { 'x-router-secret': fleet.routerSecret };
    // The subgraph's one URL, behind which each request goes to the next replica (a Service's balancing).
    const spread = await listen(async (request, response) => {
      const answer = await fetch(`${fleet.next().base}${request.url}`, {
        method: request.method,
        headers: forwardable(request),
        body: request.method === 'POST' ? await text(request) : undefined,
      });
      response.writeHead(answer.status, {
        'content-type': answer.headers.get('content-type') ?? 'text/plain',
      });
      response.end(await answer.text());
    });
    const applications = await startApplicationSubgraph();
    const composed = composeServices([
      { name: 'idmobile', url: spread.url, typeDefs: parse(await serviceSdl(spread.url, router)) },
      { name: 'applications', url: applications.url, typeDefs: parse(await serviceSdl(applications.url)) },
    ]);
    if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
    const hive = createGatewayRuntime({
      supergraph: composed.supergraphSdl,
      propagateHeaders: { fromClientToSubgraphs: () => router },
      logging: false,
    });
    const viaHive = async (query: string, variables: object) =>
      (await (
        await hive.fetch('http://hive.test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
          body: JSON.stringify({ query, variables }),
        })
      ).json()) as {
        data?: { submitApplication?: { identityMatch: unknown }; application?: { identityMatch: unknown } };
      };
    try {
      for (const replica of fleet.replicas) {
        const made = matchOf(await send(fleet, input(FULL, 'Federated'), alpha, replica))!;
        const submitted = await viaHive(
          'mutation($m: ID!) { submitApplication(identityMatchId: $m) { id identityMatch { id decision } } }',
          { m: made.id },
        );
        const expected = { id: made.id, decision: expect.any(String) };
        expect(submitted.data?.submitApplication?.identityMatch).toEqual(expected);
        const { id } = submitted.data!.submitApplication as unknown as { id: string };
        // Three reads: round robin takes each to another replica.
        for (let i = 0; i < 3; i += 1) {
          const read = await viaHive(
            'query($id: ID!) { application(id: $id) { identityMatch { id decision } } }',
            { id },
          );
          expect(read.data?.application?.identityMatch).toEqual(expected);
        }
      }
    } finally {
      await hive.dispose();
      await applications.close();
      await spread.close();
    }
  });

  it('Redis stopped then restarted under load: every request answered, the fallbacks apply, the fleet recovers', async () => {
    let stop = false;
    const answers: { keyed: boolean; answer: GraphqlAnswer | Error }[] = [];
    let n = 0;
    const load = async () => {
      while (!stop) {
        const i = n++;
        const keyed = i % 2 === 0;
        const headers = keyed ? { ...alpha, 'idempotency-key': `outage-${i}` } : alpha;
        const answer = await send(fleet, input(FULL, nameOf(i, 'Petit')), headers).catch((e: Error) => e);
        answers.push({ keyed, answer });
      }
    };
    const running = Promise.all([load(), load(), load()]);
    await until(async () => answers.length >= 15, 'load before the outage');

    await fleet.redis.stop();
    const duringFrom = answers.length;
    // Each replica finds out at its next round trip; wait until all three say so on /ready.
    await until(
      async () =>
        (await Promise.all(fleet.replicas.map((r) => r.ready()))).every((r) => r.body.redis === 'down'),
      'every replica reports Redis down',
    );
    await until(async () => answers.length >= duringFrom + 30, 'load during the outage');
    const during = answers.slice(duringFrom);

    await fleet.redis.start();
    await until(
      async () =>
        (await Promise.all(fleet.replicas.map((r) => r.ready()))).every((r) => r.body.redis === 'up'),
      'every replica reconnects',
    );
    const afterFrom = answers.length;
    await until(async () => answers.length >= afterFrom + 15, 'load after the outage');
    stop = true;
    await running;

    // Nothing unanswered, nothing malformed: HTTP answers with a typed member for every request.
    for (const { answer } of answers) {
      expect(answer).not.toBeInstanceOf(Error);
      expect(matchOf(answer as GraphqlAnswer)?.__typename).toMatch(
        /^(IdentityMatch|MatchServiceUnavailableError)$/,
      );
    }
    // While Redis was away: keyed requests refused retryably (never a risk of a second bill), others answered.
    const outage = during.map(({ keyed, answer }) => ({ keyed, match: matchOf(answer as GraphqlAnswer)! }));
    expect(outage.filter((o) => !o.keyed).every((o) => o.match.__typename === 'IdentityMatch')).toBe(true);
    expect(
      outage
        .filter((o) => o.keyed && o.match.__typename !== 'IdentityMatch')
        .every((o) => o.match.code === 'SERVICE_UNAVAILABLE' && o.match.retryable === true),
    ).toBe(true);
    expect(outage.some((o) => o.keyed && o.match.code === 'SERVICE_UNAVAILABLE')).toBe(true);
    // After the restart, keyed requests are matched again on every replica, without a restart.
    const recovered = answers.slice(afterFrom + 3).map(({ answer }) => matchOf(answer as GraphqlAnswer)!);
    expect(recovered.every((m) => m.__typename === 'IdentityMatch')).toBe(true);
    // The documented fallbacks, counted: refused claims, the per-replica limiter, skipped entity saves.
    for (const store of ['idempotency', 'rateLimit', 'entityStore']) {
      const counts = await Promise.all(
        fleet.replicas.map((r) => r.metric('shared_store_fallbacks_total', { store })),
      );
      expect(
        counts.reduce((sum = 0, v = 0) => sum + v, 0),
        store,
      ).toBeGreaterThan(0);
    }
  }, 60_000);

  it('one replica killed with SIGKILL under load: the others keep answering, no answered key billed twice', async () => {
    let stop = false;
    const sent: { key: string; lastName: string; replica: Replica; answer: GraphqlAnswer | Error }[] = [];
    let n = 1000;
    const load = async () => {
      while (!stop) {
        const i = n++;
        const key = `kill-${i}`;
        const replica = fleet.next();
        const answer = await send(
          fleet,
          input(FULL, nameOf(i, 'Durand')),
          { ...alpha, 'idempotency-key': key },
          replica,
        ).catch((e: Error) => e);
        sent.push({ key, lastName: nameOf(i, 'Durand'), replica, answer });
      }
    };
    const running = Promise.all([load(), load(), load()]);
    await until(async () => sent.length >= 15, 'load before the kill');
    const victim = fleet.replicas[2]!;
    await victim.kill();
    const afterKill = sent.length;
    await until(async () => sent.length >= afterKill + 30, 'load after the kill');
    stop = true;
    await running;

    // Sent to a survivor: always answered.
    const survivors = sent.filter((s) => s.replica !== victim);
    for (const { answer } of survivors)
      expect(matchOf(answer as GraphqlAnswer)?.__typename).toBe('IdentityMatch');
    // Every answered key retried on a survivor: replayed, not billed again. (A key whose only attempt died
    // with the victim may have reached DQE: its retry after the lease is a new match, by design.)
    const answered = sent.filter((s) => !(s.answer instanceof Error));
    const retries = await Promise.all(
      answered.map(({ key, lastName }) =>
        send(fleet, input(FULL, lastName), { ...alpha, 'idempotency-key': key }),
      ),
    );
    answered.forEach(({ lastName, answer }, i) => {
      expect(matchOf(retries[i]!)?.id).toBe(matchOf(answer as GraphqlAnswer)?.id);
      expect(billsFor(fleet, lastName)).toBe(1);
    });
  }, 60_000);
});

describe('a per-client rate limit on a fleet', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startFleet({ env: { RATE_LIMIT_PER_MINUTE: '3' } });
  }, 60_000);
  afterAll(() => fleet?.close());

  it('holds for the fleet, not per replica: 3 billed calls a minute whichever replica is asked', async () => {
    const answers: GraphqlAnswer[] = [];
    for (let i = 0; i < 9; i += 1)
      answers.push(await send(fleet, input(FULL, nameOf(i)), { 'x-api-key': fleet.keys.alpha }));
    const kinds = answers.map((a) => matchOf(a)?.__typename ?? matchOf(a)?.code);
    // One token every 20 s: the nine requests fit well inside the first refill.
    expect(kinds.filter((k) => k === 'IdentityMatch')).toHaveLength(3);
    expect(answers.filter((a) => matchOf(a)?.code === 'RATE_LIMITED')).toHaveLength(6);
    expect(fleet.sandbox.matchRequests()).toBe(3);
    // Another client has its own budget.
    expect(matchOf(await send(fleet, input(FULL), { 'x-api-key': fleet.keys.beta }))?.__typename).toBe(
      'IdentityMatch',
    );
  });
});

/** The request's headers a balancer passes on (not the hop-by-hop ones). */
function forwardable(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (
      typeof value === 'string' &&
      !['host', 'connection', 'content-length', 'transfer-encoding'].includes(name)
    )
      headers[name] = value;
  }
  return headers;
}
