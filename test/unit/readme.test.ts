import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../src/config/index.js';
import { MAGIC_NUMBERS } from '../../src/sandbox/index.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

it('publishes every sandbox magic number with its scenario', () => {
  for (const { e164, scenario } of MAGIC_NUMBERS) {
    expect(readme).toMatch(new RegExp(`\\|\\s*\`\\${e164}\`\\s*\\|\\s*${scenario}\\s*\\|`));
  }
});

it('documents every configuration variable', () => {
  for (const name of CONFIG_VARIABLES) expect(readme).toContain(`\`${name}\``);
});

it('shows the two quick-start commands', () => {
  expect(readme).toContain('npm ci && npm start');
  expect(readme).toContain('npm ci && npm test');
});
