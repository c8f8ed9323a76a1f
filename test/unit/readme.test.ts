import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../src/config/index.js';
import { CLIENT_RECEIVES, clientReceivesLine } from '../../src/sandbox/client-receives.js';
import { MAGIC_NUMBERS } from '../../src/sandbox/index.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

it('publishes every sandbox magic number with its scenario', () => {
  for (const { e164, scenario } of MAGIC_NUMBERS) {
    expect(readme).toMatch(new RegExp(`\\|\\s*\`\\${e164}\`\\s*\\|\\s*${scenario}\\s*\\|`));
  }
});

/** The cells of the README's magic-number rows, by E.164 number. */
function sandboxRows(): Map<string, string[]> {
  const section = readme.slice(readme.indexOf('## The sandbox'));
  const rows = [...section.matchAll(/^\| `(\+\d+)` \|(.*)\|$/gm)];
  return new Map(rows.map((m) => [m[1]!, m[2]!.split(' | ').map((cell) => cell.trim())]));
}

it('publishes, for every magic number, its answer and what the client receives (from src/sandbox)', () => {
  const rows = sandboxRows();
  expect([...rows.keys()]).toEqual(MAGIC_NUMBERS.map((m) => m.e164));
  const header = /^\| phone number +\| scenario +\| answer +\| what your client receives +\|$/m;
  expect(readme).toMatch(header);
  for (const { e164, scenario, description } of MAGIC_NUMBERS) {
    expect(rows.get(e164), e164).toEqual([
      scenario,
      description,
      clientReceivesLine(CLIENT_RECEIVES[scenario]),
    ]);
  }
});

it('renders what the client receives as `TypeName` `CODE_OR_DECISION` — text', () => {
  for (const expectation of Object.values(CLIENT_RECEIVES)) {
    const line = clientReceivesLine(expectation);
    const value = expectation.typename === 'IdentityMatch' ? expectation.decision : expectation.code;
    expect(line.startsWith(`\`${expectation.typename}\` \`${value}\` — `)).toBe(true);
    expect(line).not.toMatch(/[|\n]/);
    if (expectation.typename !== 'IdentityMatch') {
      expect(line).toContain(expectation.retryable ? '— retryable; ' : '— not retryable; ');
    }
  }
});

it('says what retryAfterSeconds of SERVICE_UNAVAILABLE is: not always 5, the cool-down left while the circuit is open', () => {
  expect(readme).not.toContain('retryAfterSeconds: 5 }');
  const row = readme.split('\n').find((line) => line.startsWith('| 99, HTTP 5xx'));
  expect(row).toMatch(/seconds left of its cool-down/);
});

it('documents every configuration variable', () => {
  for (const name of CONFIG_VARIABLES) expect(readme).toContain(`\`${name}\``);
});

it('shows the two quick-start commands', () => {
  expect(readme).toContain('npm ci && npm start');
  expect(readme).toContain('npm ci && npm test');
});
