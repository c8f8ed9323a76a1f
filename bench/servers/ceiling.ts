/**
 * The ceiling: a bare node:http server doing what the gateway does for one match (direct-match.ts) and
 * nothing else: no GraphQL, no authentication, no logs, no metrics. It reads the same request body as the
 * gateway (only `variables.input`) and writes the same JSON shape, so the difference is the gateway's own.
 */
import { createServer } from 'node:http';
import { createDirectMatcher, upstreamFromEnv } from './direct-match.js';

const match = createDirectMatcher(upstreamFromEnv());

const server = createServer((req, res) => {
  if (req.method !== 'POST') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { variables: { input: never } };
    match(body.variables.input).then(
      (result) => {
        const json = JSON.stringify({ data: { matchIdentity: result } });
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(json),
        });
        res.end(json);
      },
      () => res.writeHead(500).end(),
    );
  });
});

server.listen(Number(process.env.PORT), '127.0.0.1');
