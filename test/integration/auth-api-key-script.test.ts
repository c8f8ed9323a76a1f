import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MatchIdentityDocument } from '../generated/graphql.js';
import { startHarness } from '../support/gateway-harness.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = (...args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/api-key.ts', ...args], {
    cwd: root,
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

describe('npm run api-key -- <clientId>', () => {
  it('prints a new key once and the GATEWAY_API_KEYS entry; a gateway with that entry accepts the key', async () => {
    const { code, stdout } = await run('web-app');
    expect(code).toBe(0);
    const key = /^ {2}(idm_[A-Za-z0-9_-]{43})$/m.exec(stdout)?.[1];
    const entry = /^ {2}(web-app:[0-9a-f]{64})$/m.exec(stdout)?.[1];
    expect(key).toBeDefined();
    expect(entry).toBeDefined();
    expect(entry).not.toContain(key!.slice(4));

    const h = await startHarness({ env: { GATEWAY_API_KEYS: entry! } });
    try {
      const input = { phoneNumber: '+33600000000', userInfos: { lastName: 'Martin' } };
      const ok = await h.execute(MatchIdentityDocument, { input }, { 'x-api-key': key! });
      expect(ok.data!.matchIdentity.__typename).toBe('IdentityMatch');
      const refused = await h.execute(MatchIdentityDocument, { input }, { 'x-api-key': `${key}x` });
      expect(refused.status).toBe(401);
    } finally {
      await h.close();
    }
  });

  it('refuses a bad client id (or none, or two) with a clear message and exit code 1, printing no key', async () => {
    // Each run starts tsx (about a second); the rules themselves are unit-tested (auth-api-keys.test.ts).
    const cases = [['bad:id'], ['\u001b[31mred'], []];
    for (const { code, stdout, stderr } of await Promise.all(cases.map((args) => run(...args)))) {
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/client id/);
      expect(stderr).toContain('Usage: npm run api-key -- <clientId>');
      // A terminal escape in the argument is shown escaped, not interpreted.
      expect(stderr).not.toContain('\u001b');
    }
  });
});
