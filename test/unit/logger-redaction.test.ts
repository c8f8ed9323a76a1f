import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.js';

/**
 * The logger's second line of defence: should a secret or personal data slip into a log object, pino's
 * `redact` censors it. The keys are listed here, not read from REDACTED_PATHS, so that dropping one
 * from the logger (or the `redact` option itself) turns this red.
 */
const SECRET_KEYS = [
  'licence',
  'clientSecret',
  'client_secret',
  'token',
  'access_token',
  'accessToken',
  'user_infos',
  'userInfos',
  'input',
  'variables',
  'url',
];
const SECRET_HEADERS = ['authorization', 'x-api-key', 'x-router-secret'];
const SECRET = 'S3CRET-VALUE-never-logged';

function logged(object: Record<string, unknown>): Record<string, unknown> {
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => lines.push(line) } });
  logger.info(object, 'a line');
  expect(lines).toHaveLength(1);
  expect(lines[0]).not.toContain(SECRET);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

describe('logger redaction (REDACTED_PATHS)', () => {
  it.each(SECRET_KEYS)('censors %s at the top level', (key) => {
    expect(logged({ [key]: SECRET, kept: 'visible' })).toMatchObject({
      [key]: '[redacted]',
      kept: 'visible',
    });
  });

  it.each(SECRET_KEYS)('censors %s one level down (an error, a request)', (key) => {
    expect(logged({ err: { [key]: SECRET, kept: 'visible' } })).toMatchObject({
      err: { [key]: '[redacted]', kept: 'visible' },
    });
  });

  it.each(SECRET_KEYS)('censors %s whole, whatever its value (an object of personal data)', (key) => {
    expect(logged({ [key]: { lastName: SECRET }, req: { [key]: [SECRET] } })).toMatchObject({
      [key]: '[redacted]',
      req: { [key]: '[redacted]' },
    });
  });

  it.each(SECRET_HEADERS)('censors the %s header, top level and one level down', (header) => {
    const headers = { [header]: SECRET, accept: 'application/json' };
    expect(logged({ headers, request: { headers } })).toMatchObject({
      headers: { [header]: '[redacted]', accept: 'application/json' },
      request: { headers: { [header]: '[redacted]', accept: 'application/json' } },
    });
  });
});
