/**
 * The DQE sandbox in a process of its own, so that its CPU is not counted to any contender:
 * `PORT=… LATENCY_MS=… tsx bench/servers/sandbox.ts`. The benchmark changes the latency between scenarios
 * with an IPC message `{ latencyMs }`. Requests are not recorded (a load test would keep millions of them
 * in memory) and tokens live for the whole run.
 */
import { startDqeSandbox } from '../../src/sandbox/index.js';

const sandbox = await startDqeSandbox({
  host: '127.0.0.1',
  port: Number(process.env.PORT),
  latencyMs: Number(process.env.LATENCY_MS) || 0,
  recordRequests: false,
  tokenTtlSeconds: 3600,
});

process.on('message', (message: { latencyMs?: number }) => {
  if (typeof message.latencyMs === 'number') sandbox.setLatencyMs(message.latencyMs);
  process.send?.({ latencyMs: message.latencyMs });
});
