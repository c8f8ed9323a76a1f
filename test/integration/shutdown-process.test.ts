import { expect, it } from 'vitest';
import { EXAMPLE_OPERATION, EXAMPLE_VARIABLES } from '../../src/graphiql-example.js';
import { probeNewConnection, startGateway, untilDqeCallsInFlight } from '../support/gateway-process.js';

// The acceptance test: ten slow matches in flight, SIGTERM, all ten answered, exit code 0.
const SLOW = '+33600002003';
// Long enough to see all ten in flight and send SIGTERM (a few hundred ms), short enough for a fast suite.
const SLOW_MS = 1_200;

it('SIGTERM with ten slow matches in flight: all ten answered in full, new connections refused, exit 0', async () => {
  const { child, logLine, exitCode } = startGateway({
    PORT: '0',
    HOST: '127.0.0.1',
    SANDBOX_SLOW_RESPONSE_MS: String(SLOW_MS),
    SHUTDOWN_TIMEOUT_MS: '8000',
  });
  try {
    const { port } = await logLine(/IDMobile gateway ready/);
    const base = `http://127.0.0.1:${port}`;
    expect(await probeNewConnection(`${base}/ready`)).toBe(200);

    const variables = { input: { ...EXAMPLE_VARIABLES.input, phoneNumber: SLOW } };
    let settled = false;
    const answers = Promise.all(
      Array.from({ length: 10 }, () =>
        fetch(`${base}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: EXAMPLE_OPERATION, variables }),
        }).then(async (r) => ({
          status: r.status,
          body: (await r.json()) as { data: { matchIdentity: Record<string, unknown> } },
        })),
      ),
    ).finally(() => {
      settled = true;
    });

    // The event to wait for: all ten DQE calls are waiting on the (slow) sandbox.
    await untilDqeCallsInFlight(base, 10, () => settled);
    child.kill('SIGTERM');

    const stopping = await logLine(/^shutting down: finishing/);
    expect(stopping.inFlight).toBeGreaterThanOrEqual(10);
    expect(settled).toBe(false);
    expect(await probeNewConnection(`${base}/ready`)).toBe('ECONNREFUSED');

    for (const { status, body } of await answers) {
      expect(status).toBe(200);
      const { matchIdentity } = body.data;
      expect(matchIdentity).toMatchObject({
        __typename: 'IdentityMatch',
        id: expect.any(String),
        phoneNumber: SLOW,
        decision: 'ACCEPT',
        overallScore: 100,
      });
      expect(matchIdentity.fields).toHaveLength(9);
    }
    expect(await exitCode).toBe(0);
    await logLine(/^shut down$/);
  } finally {
    child.kill('SIGKILL');
  }
});
