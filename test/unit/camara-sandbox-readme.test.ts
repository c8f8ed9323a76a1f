import { readFileSync } from 'node:fs';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { expect, it } from 'vitest';
import { CAMARA_MAGIC_NUMBERS } from '../../src/sandbox/camara/index.js';

// Issue 19: the CAMARA sandbox's magic numbers are published (README "CAMARA sandbox"), from the table.

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('### CAMARA sandbox'));

it('publishes every CAMARA magic number, Spanish and French, with its scenario and answer', () => {
  const rows = [...section.matchAll(/^\| `(\d{4})` \|(.*)\|$/gm)].map((m) => [
    m[1],
    ...(m[2] as string).split(' | ').map((cell) => cell.trim()),
  ]);
  expect(rows).toEqual(
    CAMARA_MAGIC_NUMBERS.map((m) => [
      m.suffix,
      m.scenario,
      `\`${m.spanish}\``,
      `\`${m.french}\``,
      m.description,
    ]),
  );
});

it("every magic number is a valid Spanish or French mobile number, and none is the DQE sandbox's", () => {
  for (const { spanish, french } of CAMARA_MAGIC_NUMBERS) {
    for (const [number, country] of [
      [spanish, 'ES'],
      [french, 'FR'],
    ] as const) {
      const phone = parsePhoneNumberFromString(number);
      expect(phone?.isValid(), number).toBe(true);
      expect(phone?.getType(), number).toBe('MOBILE');
      expect(phone?.country).toBe(country);
    }
    expect(french.startsWith('+3360000')).toBe(false);
  }
});
