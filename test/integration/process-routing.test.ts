/**
 * Issue 19 "Done when": `npm start` with the README's MATCH_ROUTES example answers a Spanish number from
 * the embedded CAMARA sandbox and a French one from DQE's, `provider` saying which; in production a route
 * naming camara without CAMARA_API_ROOT stops start-up with a clear message.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const ROUTES = 'FR=dqe>camara,ES=camara,*=dqe';

/** `npm start`, as a real process (as test/integration/process.test.ts starts it). */
function startGateway(env: Record<string, string>): ChildProcess {
  const { PATH, HOME } = process.env;
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH, HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const MATCH = `mutation($input: MatchIdentityInput!) {
  matchIdentity(input: $input) { __typename ... on IdentityMatch { provider decision } }
}`;

describe(`npm start with MATCH_ROUTES=${ROUTES}`, () => {
  it('says the CAMARA sandbox answers, and answers a Spanish number from CAMARA, a French one from DQE', async () => {
    const child = startGateway({ PORT: '0', HOST: '127.0.0.1', MATCH_ROUTES: ROUTES });
    try {
      const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
      const before: { msg: string }[] = [];
      let ready: { port: number } | undefined;
      while (!ready) {
        const line = JSON.parse((await lines.next()).value as string);
        if (/gateway ready/.test(line.msg)) ready = line;
        else before.push(line);
      }
      expect(before).toContainEqual(
        expect.objectContaining({ camaraSandbox: true, msg: expect.stringMatching(/CAMARA SANDBOX MODE/) }),
      );
      const endpoint = `http://127.0.0.1:${ready.port}/graphql`;
      const provider = async (phoneNumber: string) => {
        const response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            query: MATCH,
            variables: { input: { phoneNumber, userInfos: { lastName: 'Martin', firstName: 'Jean' } } },
          }),
        });
        return ((await response.json()) as { data: { matchIdentity: unknown } }).data.matchIdentity;
      };
      expect(await provider('+34600000000')).toEqual({
        __typename: 'IdentityMatch',
        provider: 'CAMARA',
        decision: 'ACCEPT',
      });
      expect(await provider('+33600000000')).toMatchObject({ __typename: 'IdentityMatch', provider: 'DQE' });

      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('in production without CAMARA_API_ROOT, stops with one clear message', async () => {
    const child = startGateway({
      NODE_ENV: 'production',
      MATCH_ROUTES: ROUTES,
      DQE_BASE_URL: 'https://dqe.example.test',
      DQE_LICENCE: 'l',
      DQE_CLIENT_SECRET: 's',
      DQE_PARTNER_NAME: 'p',
      GATEWAY_API_KEYS: `backoffice:${'ab'.repeat(32)}`,
    });
    let stderr = '';
    child.stderr!.on('data', (chunk) => {
      stderr += chunk;
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr).toContain('MATCH_ROUTES names camara but CAMARA_API_ROOT is not set');
  });
});
