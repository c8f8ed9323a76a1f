/**
 * A loopback OTLP/HTTP collector that accepts every export and discards it, in a process of its own (its
 * CPU is not counted to the gateway): what the traced gateway of the bench exports to. It reads each body
 * to the end and answers 200 with an empty message, as a collector that accepted every span would. The
 * bench asks it over IPC how many export requests it received.
 */
import { createServer } from 'node:http';

let exports = 0;

createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (req.url?.endsWith('/v1/traces')) exports++;
    const json = (req.headers['content-type'] ?? '').includes('json');
    res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
    res.end(json ? '{}' : '');
  });
}).listen(Number(process.env.PORT), '127.0.0.1');

process.on('message', () => process.send?.({ exports }));
