/** The soak's command line, checked before anything starts (a bad argument exits 2). */
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    rate: { type: 'string', default: '50' },
    connections: { type: 'string', default: '32' },
    'max-rss-growth-mb': { type: 'string', default: '100' },
    'dqe-timeout-ms': { type: 'string', default: '2000' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    json: { type: 'boolean', default: false },
    env: { type: 'string', multiple: true, default: [] },
    'gateway-log': { type: 'string' },
    replicas: { type: 'string', default: '1' },
    redis: { type: 'boolean', default: false },
    'redis-outage': { type: 'boolean', default: false },
    'idempotent-share': { type: 'string', default: '0.2' },
  },
});

const fail = (message: string): never => {
  process.stderr.write(`${message}\n`);
  process.exit(2);
};

const number = (name: keyof typeof values, min: number, max = Number.POSITIVE_INFINITY) => {
  const value = Number(values[name]);
  if (!Number.isFinite(value) || value < min || value > max)
    fail(`--${name} must be a number ≥ ${min}${max < Number.POSITIVE_INFINITY ? ` and ≤ ${max}` : ''}`);
  return value;
};

const extraEnv = Object.fromEntries(
  values.env.map((pair) => {
    const match =
      /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(pair) ?? fail(`--env wants NAME=VALUE, got ${JSON.stringify(pair)}`);
    return [match[1]!, match[2]!];
  }),
);

const replicas = Math.floor(number('replicas', 1));
/** Several replicas or Redis: the fleet (fleet.ts), with the sandbox in a process of its own. */
const fleet = replicas > 1 || values.redis;

export const options = {
  seconds: number('seconds', 1),
  rate: number('rate', 0),
  connections: Math.floor(number('connections', 1)),
  rssBoundMb: number('max-rss-growth-mb', 0),
  dqeTimeoutMs: Math.floor(number('dqe-timeout-ms', 100)),
  seed: Math.floor(number('seed', 0)),
  json: values.json,
  extraEnv,
  gatewayLog: values['gateway-log'],
  replicas,
  redis: values.redis,
  /** Redis stopped for the middle third of the load (needs --redis). */
  redisOutage: values['redis-outage'] && (values.redis || fail('--redis-outage needs --redis')),
  fleet,
  /** Share of the sends that are idempotent pairs; only in fleet mode, where the sandbox counts bills. */
  idempotentShare: fleet ? number('idempotent-share', 0, 1) : 0,
};
