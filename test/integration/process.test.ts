import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_OPERATION, EXAMPLE_VARIABLES } from '../../src/graphiql-example.js';

const root = new URL('../../', import.meta.url);

/** `npm start`, as a real process: node with tsx, in the project folder, with exactly this environment. */
function startGateway(env: Record<string, string>): ChildProcess {
  const { PATH, HOME } = process.env;
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH, HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function exitOf(child: ChildProcess) {
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  const [code] = await once(child, 'exit');
  return { code: code as number, stderr };
}

describe('start-up configuration', () => {
  it('a bad configuration stops with one message listing every problem, and no stack trace', async () => {
    const { code, stderr } = await exitOf(
      startGateway({
        PORT: 'eighty',
        DQE_BASE_URL: 'https://dqe.example.test',
        DQE_LICENCE: 'LICENCE-THAT-MUST-NOT-LEAK',
        DQE_TRANSPORT: 'PUT',
        MATCH_THRESHOLD: '150',
      }),
    );
    expect(code).toBe(1);
    for (const name of [
      'PORT',
      'DQE_TRANSPORT',
      'MATCH_THRESHOLD',
      'DQE_CLIENT_SECRET',
      'DQE_PARTNER_NAME',
    ]) {
      expect(stderr).toContain(name);
    }
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stderr).not.toContain('LICENCE-THAT-MUST-NOT-LEAK');
  });

  it('NODE_ENV=production refuses the embedded sandbox', async () => {
    const { code, stderr } = await exitOf(startGateway({ NODE_ENV: 'production' }));
    expect(code).toBe(1);
    expect(stderr).toContain('DQE_BASE_URL is required when NODE_ENV=production');
  });
});

describe('npm start with no configuration', () => {
  it('says it is the sandbox in its first log line and that access is open, serves GraphiQL and answers the example, exits 0 on SIGTERM', async () => {
    const child = startGateway({ PORT: '0', HOST: '127.0.0.1' });
    try {
      const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
      const first = JSON.parse((await lines.next()).value as string) as { msg: string };
      expect(first.msg).toMatch(/SANDBOX/);
      const before: { msg: string; openAccess?: boolean }[] = [];
      let ready: { port: number; msg: string } | undefined;
      while (!ready) {
        const line = JSON.parse((await lines.next()).value as string);
        if (/ready/.test(line.msg)) ready = line;
        else before.push(line);
      }
      // No client authentication configured: the start-up log says the gateway is open.
      expect(before).toContainEqual(
        expect.objectContaining({ openAccess: true, msg: expect.stringMatching(/OPEN ACCESS/) }),
      );
      const endpoint = `http://127.0.0.1:${ready.port}/graphql`;

      const page = await fetch(endpoint, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('GraphiQL');
      expect(html).toContain('matchIdentity');

      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: EXAMPLE_OPERATION, variables: EXAMPLE_VARIABLES }),
      });
      const body = (await response.json()) as {
        data: { matchIdentity: { __typename: string; decision: string } };
      };
      expect(body.data.matchIdentity).toMatchObject({ __typename: 'IdentityMatch', decision: 'REVIEW' });

      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
