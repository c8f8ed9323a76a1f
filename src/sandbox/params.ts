/**
 * Reads a request into a SandboxRequest. DQE takes the same parameter names from a GET query string
 * or a POST form body (dqe-idmobile.md §1); like a PHP `$_REQUEST`, body values win over query values.
 */
import type { IncomingMessage } from 'node:http';
import type { SandboxRequest } from './types.js';

/** Far above any real DQE request; stops a runaway client from filling memory. */
export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLargeError('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Last duplicate wins, as in PHP. */
function addParams(target: Record<string, string>, encoded: string): void {
  for (const [key, value] of new URLSearchParams(encoded)) target[key] = value;
}

function isFormBody(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

export async function readSandboxRequest(req: IncomingMessage): Promise<SandboxRequest> {
  const target = req.url ?? '/';
  const queryAt = target.indexOf('?');
  const path = queryAt === -1 ? target : target.slice(0, queryAt);
  const queryString = queryAt === -1 ? '' : target.slice(queryAt + 1);
  const contentType = req.headers['content-type'];
  const body = await readBody(req);

  // No prototype, so a parameter named `__proto__` stays a parameter.
  const params: Record<string, string> = Object.create(null);
  addParams(params, queryString);
  // Only a form body carries parameters; any other body is recorded but not interpreted.
  if (req.method === 'POST' && isFormBody(contentType)) addParams(params, body);

  const recorded: SandboxRequest = { method: req.method ?? 'GET', path, params, queryString, body };
  if (contentType !== undefined) recorded.contentType = contentType;
  const { traceparent } = req.headers;
  if (typeof traceparent === 'string') recorded.traceparent = traceparent;
  return recorded;
}
