/**
 * The fleet soak's DQE sandbox, in a process of its own that every replica reaches (started by fleet.ts
 * with an IPC channel). It sends `{ url }` once it listens, and answers `{ bills: true }` with what it
 * billed: every answer with scores, and per last name starting with BILLED_NAME_PREFIX (one per
 * idempotency key) how many. Requests are not recorded: a long soak would keep all of them in memory.
 */
import { startDqeSandbox } from '../../src/sandbox/index.js';

export interface SandboxBills {
  billedCalls: number;
  /** Last names of the prefix billed at least once. */
  namesBilled: number;
  /** Last names of the prefix billed more than once, with their count. */
  billedTwice: [string, number][];
}

const prefix = process.env.BILLED_NAME_PREFIX || undefined;
const perName = new Map<string, number>();
let billedCalls = 0;

const sandbox = await startDqeSandbox({
  host: '127.0.0.1',
  slowResponseMs: Number(process.env.SLOW_RESPONSE_MS) || undefined,
  recordRequests: false,
  onBilled: ({ lastname }) => {
    billedCalls++;
    if (prefix && typeof lastname === 'string' && lastname.startsWith(prefix))
      perName.set(lastname, (perName.get(lastname) ?? 0) + 1);
  },
});

process.send?.({ url: sandbox.url });
process.on('message', (message: { bills?: boolean }) => {
  if (!message.bills) return;
  const bills: SandboxBills = {
    billedCalls,
    namesBilled: perName.size,
    billedTwice: [...perName].filter(([, count]) => count > 1),
  };
  process.send?.(bills);
});
const stop = () => void sandbox.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
// The soak gone (killed, crashed), the sandbox goes too.
process.once('disconnect', stop);
