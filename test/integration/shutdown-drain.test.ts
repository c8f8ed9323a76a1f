import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type DrainableServer, drainable } from '../../src/graceful-shutdown.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';

// The in-process half of graceful shutdown (shutdown-process.test.ts runs the real process).
const SLOW = '+33600002003';
const HANG = '+33600002004';
const MUTATION = 'mutation M($input: MatchIdentityInput!) { matchIdentity(input: $input) { __typename } }';

let h: Harness;
let server: Server;
let drain: DrainableServer;
let port: number;
let agent: Agent;

beforeEach(async () => {
  h = await startHarness({ sandbox: { slowResponseMs: 300 }, env: { DQE_TIMEOUT_MS: '5000' } });
  server = createServer(h.gateway);
  drain = drainable(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  agent = new Agent({ keepAlive: true });
});
afterEach(async () => {
  agent.destroy();
  server.closeAllConnections();
  await h.close();
});

interface Answer {
  status: number;
  connection: string | undefined;
  body: string;
}

/** A request over the keep-alive agent; `fresh` opens a new connection instead. */
function send(path: string, body?: unknown, fresh = false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, agent: fresh ? false : agent, method: body ? 'POST' : 'GET' },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode!, connection: res.headers.connection, body: text }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body) req.setHeader('content-type', 'application/json');
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

const match = (phoneNumber: string) =>
  send('/graphql', {
    query: MUTATION,
    variables: { input: { phoneNumber, userInfos: { lastName: 'Martin' } } },
  });

async function untilInFlight(count: number) {
  while (drain.inFlight < count) await new Promise((resolve) => setTimeout(resolve, 5));
}

it('lets in-flight requests finish, refuses new connections and closes keep-alive ones', async () => {
  // An idle keep-alive connection, which must not hold the drain open.
  expect((await send('/health')).connection).toBe('keep-alive');
  const answers = Promise.all(Array.from({ length: 3 }, () => match(SLOW)));
  await untilInFlight(3);

  const drained = drain.drain(5_000);
  await expect(
    send('/ready', undefined, true).catch((error: NodeJS.ErrnoException) => error.code),
  ).resolves.toBe('ECONNREFUSED');

  for (const answer of await answers) {
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ data: { matchIdentity: { __typename: 'IdentityMatch' } } });
    // Told not to reuse the connection, which is closed right after.
    expect(answer.connection).toBe('close');
  }
  await expect(drained).resolves.toEqual({ forced: false, cut: 0 });
});

it('cuts what is still running when the timeout is reached', async () => {
  const hanging = match(HANG).catch((error: NodeJS.ErrnoException) => error.code);
  await untilInFlight(1);
  const started = performance.now();
  await expect(drain.drain(150)).resolves.toEqual({ forced: true, cut: 1 });
  expect(performance.now() - started).toBeLessThan(1_000);
  await expect(hanging).resolves.toBe('ECONNRESET');
  // As main.ts does once the budget is spent: the DQE call nobody waits for is cut too.
  await h.dqe.destroy();
});

it('finishes at once when nothing is in flight, idle keep-alive connections included', async () => {
  await send('/health');
  await send('/health');
  const started = performance.now();
  await expect(drain.drain(5_000)).resolves.toEqual({ forced: false, cut: 0 });
  expect(performance.now() - started).toBeLessThan(500);
});
