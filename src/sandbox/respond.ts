/** Small response writers. Content-Length is always set so clients never wait for more bytes. */
import type { ServerResponse } from 'node:http';

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

export function send(
  res: ServerResponse,
  status: number,
  contentType: string | undefined,
  body: string,
): void {
  const headers: Record<string, string | number> = { 'content-length': Buffer.byteLength(body) };
  if (contentType !== undefined) headers['content-type'] = contentType;
  res.writeHead(status, headers);
  res.end(body);
}
