/**
 * `npm start` in a developer's terminal prints human-readable lines; anything else (a pipe, a container,
 * NODE_ENV=production) gets JSON, one object per line. The terminal is a real pseudo-terminal, made by
 * util-linux's `script` (Debian: bsdutils, an essential package).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
let child: ChildProcess | undefined;

afterEach(() => {
  // `script` leads its own process group: the gateway inside goes with it.
  if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
  child = undefined;
});

/** The gateway's process in a pseudo-terminal; resolves with what it printed up to its "ready" line. */
async function startInTerminal(env: Record<string, string>): Promise<string> {
  const { PATH, HOME } = process.env;
  child = spawn(
    'script',
    ['-q', '-e', '-c', `${JSON.stringify(process.execPath)} --import tsx src/main.ts`, '/dev/null'],
    {
      cwd: root,
      env: { PATH, HOME, PORT: '0', HOST: '127.0.0.1', TERM: 'xterm', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  const running = child;
  let output = '';
  return new Promise((resolve, reject) => {
    running.once('error', reject);
    running.once('exit', (code) => reject(new Error(`exited (${code}) before ready:\n${output}`)));
    running.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/ready/i.test(output) && /\n/.test(output.slice(output.search(/ready/i)))) resolve(output);
    });
  });
}

const lines = (output: string) =>
  output
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

it('in a terminal, outside production: readable lines, not JSON', async () => {
  const output = await startInTerminal({});
  const printed = lines(output);
  expect(printed.length).toBeGreaterThan(1);
  for (const line of printed) expect(() => JSON.parse(line)).toThrow();
  // pino-pretty's layout: time, level name, message; colours for a terminal.
  expect(output).toMatch(/WARN.*DQE SANDBOX MODE/);
  expect(output).toContain('\u001b[');
}, 30_000);

it('in a terminal with NODE_ENV=production: JSON lines all the same', async () => {
  const apiKey = 'terminal-logs-test-key-1f6c2a';
  const output = await startInTerminal({
    NODE_ENV: 'production',
    // Nothing listens there: start-up does not call DQE.
    DQE_BASE_URL: 'http://127.0.0.1:9',
    DQE_LICENCE: 'LICENCE',
    DQE_CLIENT_SECRET: 'secret',
    DQE_PARTNER_NAME: 'partner',
    GATEWAY_API_KEYS: `terminal-test:${createHash('sha256').update(apiKey).digest('hex')}`,
  });
  const printed = lines(output);
  expect(printed.length).toBeGreaterThan(0);
  for (const line of printed) expect(JSON.parse(line)).toHaveProperty('msg');
}, 30_000);
