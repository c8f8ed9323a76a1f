/**
 * The load driver. Not autocannon: the soak needs a verdict per request (which union member, which error,
 * which socket failure, for which injected fault), a different random input per request and a per-request
 * deadline, while autocannon reports aggregate counts and sends templated bodies. An undici Pool (the
 * client the gateway itself uses upstream) gives keep-alive connections and the raw socket error codes.
 */
import { createHistogram } from 'node:perf_hooks';
import { Pool } from 'undici';
import { type Classified, classifyFailure, classifyResponse } from './classify.js';
import {
  idempotentIdentity,
  pairOutcome,
  RETRY_PATTERNS,
  type RetryPattern,
  withLastName,
} from './idempotent.js';
import { MATCH_OPERATION, type Scenario } from './mix.js';

export interface DriveOptions {
  /** The gateway's replicas: requests go to each in turn (round robin). */
  origins: readonly string[];
  seconds: number;
  /** Requests per second (open loop: sent on schedule whatever the answers do); 0 = as fast as possible. */
  rate: number;
  /** Connections, and the most requests in flight at once. */
  connections: number;
  /** Client-side deadline of one request; past it the request counts as unanswered. */
  requestTimeoutMs: number;
  /** The gateway's budget for a match (DQE_TIMEOUT_MS): answers well past it are counted, not failed. */
  deadlineMs: number;
  nextScenario: () => Scenario;
  random: () => number;
  /** Polled between sends: true stops the run early (the gateway died). */
  shouldStop: () => boolean;
  /** Idempotent pairs (idempotent.ts): their share of the sends (0 to 1) and the run's name prefix. */
  idempotent?: { share: number; prefix: string };
}

/** Idempotent pairs: how many, and per retry pattern what the two answers were. */
export interface IdempotentResult {
  keys: number;
  requests: number;
  /** pattern → outcome (`same IdentityMatch`, `two different IdentityMatch ids`, `A / B`) → keys */
  outcomes: Map<string, Map<string, number>>;
}

export interface DriveResult {
  sent: number;
  answered: number;
  unanswered: number;
  /** result → count */
  results: Map<string, number>;
  /** scenario → result → count */
  byScenario: Map<string, Map<string, number>>;
  statuses: Map<number | string, number>;
  /** result → up to three distinct messages seen with it */
  examples: Map<string, Set<string>>;
  latencyMs: { p50: number; p99: number; max: number };
  /** Answers later than `deadlineMs` + DEADLINE_SLACK_MS, and the slowest answer of each scenario (ms). */
  overDeadline: number;
  /** The first few of those: when they were sent (epoch ms, to match the gateway's log `time`), how long. */
  overDeadlineSamples: { sentAt: number; ms: number; scenario: string }[];
  maxByScenario: Map<string, number>;
  /** Requests that had to wait for a free connection past their scheduled time (the driver fell behind). */
  late: number;
  elapsedSeconds: number;
  idempotent: IdempotentResult;
}

/**
 * A hang is answered when the budget runs out, so its answer lands just after DQE_TIMEOUT_MS by design;
 * the slack covers the gateway's own work around the upstream call. Past it, the budget was overrun.
 */
export const DEADLINE_SLACK_MS = 500;

const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);

export async function drive(options: DriveOptions): Promise<DriveResult> {
  const pools = options.origins.map(
    (origin) => new Pool(origin, { connections: options.connections, pipelining: 1 }),
  );
  let turn = 0;
  const nextPool = () => pools[turn++ % pools.length]!;
  const latency = createHistogram(); // microseconds: integer-valued, bounded memory for any run length
  const result: DriveResult = {
    sent: 0,
    answered: 0,
    unanswered: 0,
    results: new Map(),
    byScenario: new Map(),
    statuses: new Map(),
    examples: new Map(),
    latencyMs: { p50: 0, p99: 0, max: 0 },
    overDeadline: 0,
    overDeadlineSamples: [],
    maxByScenario: new Map(),
    late: 0,
    elapsedSeconds: 0,
    idempotent: { keys: 0, requests: 0, outcomes: new Map() },
  };
  let inFlight = 0;
  let freed: (() => void) | undefined;
  const pending = new Set<Promise<void>>();

  const send = async (
    scenario: Scenario,
    input = scenario.input(options.random),
    pool = nextPool(),
    idempotencyKey?: string,
  ): Promise<Classified> => {
    const body = JSON.stringify({ query: MATCH_OPERATION, variables: { input } });
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
    };
    if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
    const started = performance.now();
    let verdict: Classified;
    try {
      const res = await pool.request({
        path: '/graphql',
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(options.requestTimeoutMs),
      });
      bump(result.statuses, res.statusCode);
      verdict = classifyResponse(res.statusCode, await res.body.text());
      const ms = performance.now() - started;
      latency.record(Math.max(1, Math.round(ms * 1000)));
      if (ms > options.deadlineMs + DEADLINE_SLACK_MS && result.overDeadline++ < 10) {
        const sentAt = Math.round(performance.timeOrigin + started);
        result.overDeadlineSamples.push({ sentAt, ms: Math.round(ms), scenario: scenario.name });
      }
      result.maxByScenario.set(
        scenario.name,
        Math.max(result.maxByScenario.get(scenario.name) ?? 0, Math.round(ms)),
      );
    } catch (error) {
      bump(result.statuses, 'none');
      verdict = classifyFailure(error);
    }
    if (verdict.answered) result.answered++;
    else result.unanswered++;
    bump(result.results, verdict.result);
    const seen = result.examples.get(verdict.result) ?? new Set<string>();
    if (verdict.message !== undefined && seen.size < 3)
      result.examples.set(verdict.result, seen.add(verdict.message));
    const perScenario = result.byScenario.get(scenario.name) ?? new Map<string, number>();
    result.byScenario.set(scenario.name, bump(perScenario, verdict.result));
    return verdict;
  };

  /** Two requests under one key, on two replicas in turn: one after the other, or both at once. */
  const sendPair = async (scenario: Scenario, prefix: string) => {
    const { key, lastName } = idempotentIdentity(prefix, result.idempotent.keys++);
    result.idempotent.requests += 2;
    const input = withLastName(scenario.input(options.random), lastName);
    const pattern: RetryPattern = RETRY_PATTERNS[Math.floor(options.random() * RETRY_PATTERNS.length)]!;
    const [first, second] = [nextPool(), nextPool()];
    const answers =
      pattern === 'retry on another replica'
        ? [await send(scenario, input, first, key), await send(scenario, input, second, key)]
        : await Promise.all([send(scenario, input, first, key), send(scenario, input, second, key)]);
    const perPattern = result.idempotent.outcomes.get(pattern) ?? new Map<string, number>();
    result.idempotent.outcomes.set(pattern, bump(perPattern, pairOutcome(answers[0]!, answers[1]!)));
  };

  const t0 = performance.now();
  const end = t0 + options.seconds * 1000;
  for (let i = 0; performance.now() < end && !options.shouldStop(); i++) {
    if (options.rate > 0) {
      const due = t0 + (i * 1000) / options.rate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
    }
    if (inFlight >= options.connections) {
      if (options.rate > 0) result.late++;
      while (inFlight >= options.connections) await new Promise<void>((resolve) => (freed = resolve));
    }
    const pair = options.idempotent && options.random() < options.idempotent.share;
    // A pair is two requests: it takes two slots of the schedule and two of the in-flight cap.
    const size = pair ? 2 : 1;
    if (pair) i++;
    inFlight += size;
    result.sent += size;
    const scenario = options.nextScenario();
    const work = pair ? sendPair(scenario, options.idempotent!.prefix) : send(scenario);
    const p = work
      .then(() => undefined)
      .finally(() => {
        inFlight -= size;
        pending.delete(p);
        freed?.();
      });
    pending.add(p);
  }
  // Every request sent is waited for (each has its own deadline), so none is left uncounted.
  await Promise.all(pending);
  result.elapsedSeconds = (performance.now() - t0) / 1000;
  await Promise.all(pools.map((pool) => pool.close()));
  const ms = (us: number) => Math.round(us / 100) / 10;
  if (latency.count > 0) {
    result.latencyMs = {
      p50: ms(latency.percentile(50)),
      p99: ms(latency.percentile(99)),
      max: ms(latency.max),
    };
  }
  return result;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
