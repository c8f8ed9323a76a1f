import pino, { type DestinationStream, type Logger } from 'pino';
import { requestContext } from './request-context.js';
import { traceIdsOfActiveSpan } from './spans.js';

/**
 * Defence in depth: the code never puts secrets or personal data into log objects, and these paths
 * are censored should one ever slip in (an error with its request options, say).
 */
export const REDACTED_PATHS = [
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
  'headers.authorization',
  'headers["x-api-key"]',
  'headers["x-router-secret"]',
  '*.licence',
  '*.clientSecret',
  '*.client_secret',
  '*.token',
  '*.access_token',
  '*.accessToken',
  '*.user_infos',
  '*.userInfos',
  '*.input',
  '*.variables',
  '*.url',
  '*.headers.authorization',
  '*.headers["x-api-key"]',
  '*.headers["x-router-secret"]',
];

export interface LoggerOptions {
  level: string;
  /** Where lines go; stdout by default. Tests pass a stream and read every line back. */
  destination?: DestinationStream;
}

/**
 * Human-readable lines for a developer's terminal: only when stdout is a TTY outside production (a
 * container, a pipe or a log shipper always gets JSON, one object per line). pino-pretty is loaded only
 * then, and synchronously, so no worker thread is started for it; redaction happens before it runs.
 */
export async function terminalDestination(env: {
  production: boolean;
  isTTY: boolean | undefined;
}): Promise<DestinationStream | undefined> {
  if (env.production || !env.isTTY) return undefined;
  const { default: pretty } = await import('pino-pretty');
  return pretty({
    colorize: true,
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service',
  });
}

export function createLogger({ level, destination }: LoggerOptions): Logger {
  return pino(
    {
      level,
      base: { service: 'idmobile-gateway' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // The request id of the request being served, where useRequestId keeps a log context (debug), and
      // while tracing is on the active span's `trace_id` and `span_id`. A fresh object each time: pino
      // merges the line's fields into what the mixin returns.
      mixin: () => ({ ...requestContext.getStore(), ...traceIdsOfActiveSpan() }),
    },
    destination ?? pino.destination({ sync: false }),
  );
}
