import { expect, it } from 'vitest';
import { EXAMPLE_OPERATION, EXAMPLE_VARIABLES } from '../../src/graphiql-example.js';
import { startGateway, untilDqeCallsInFlight } from '../support/gateway-process.js';

const HANG = '+33600002004';

it('SHUTDOWN_TIMEOUT_MS bounds the drain: a request that never ends is cut, the process still exits 0', async () => {
  const { child, logLine, exitCode } = startGateway({
    PORT: '0',
    HOST: '127.0.0.1',
    SHUTDOWN_TIMEOUT_MS: '300',
    // Far beyond the shutdown budget: the pending DQE call must be cut, not waited for.
    DQE_TIMEOUT_MS: '60000',
  });
  try {
    const { port } = await logLine(/IDMobile gateway ready/);
    const base = `http://127.0.0.1:${port}`;
    let settled = false;
    const hanging = fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: EXAMPLE_OPERATION,
        variables: { input: { ...EXAMPLE_VARIABLES.input, phoneNumber: HANG } },
      }),
    }).then(
      (r) => r.status,
      (error: Error) => error.name,
    );
    void hanging.finally(() => {
      settled = true;
    });
    await untilDqeCallsInFlight(base, 1, () => settled);

    const started = performance.now();
    child.kill('SIGTERM');
    expect(await exitCode).toBe(0);
    expect(performance.now() - started).toBeLessThan(3_000);
    // The client sees its connection closed, not an answer.
    expect(await hanging).toBe('TypeError');
    await logLine(/shutdown timeout reached/);
  } finally {
    child.kill('SIGKILL');
  }
});
