/**
 * The bulk scenario: one matchIdentities of 50 distinct items at 100 ms upstream latency. Items run at most
 * the bulk lane's slots at a time (DQE_BULK_SHARE of DQE_MAX_CONCURRENCY), so the call takes about
 * ceil(50 / concurrency) × latency.
 */
import { BENCH_INPUT } from './load.js';

export interface BulkResult {
  items: number;
  concurrency: number;
  latencyMs: number;
  expectedMs: number;
  /** Median over the repeats, ms. */
  medianMs: number;
  runsMs: number[];
}

const QUERY = `mutation Bulk($inputs: [MatchIdentityInput!]!) {
  matchIdentities(inputs: $inputs) { __typename }
}`;

export async function measureBulk(options: {
  url: string;
  headers: Record<string, string>;
  items: number;
  concurrency: number;
  latencyMs: number;
  repeats: number;
}): Promise<BulkResult> {
  // Distinct last names: identical items would be one DQE call (the DataLoader), not what is measured.
  const inputs = Array.from({ length: options.items }, (_, i) => ({
    ...BENCH_INPUT,
    userInfos: { ...BENCH_INPUT.userInfos, lastName: `Martin${i}` },
  }));
  const body = JSON.stringify({ query: QUERY, variables: { inputs } });
  const once = async () => {
    const started = performance.now();
    const response = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body,
    });
    const result = (await response.json()) as { data?: { matchIdentities: { __typename: string }[] } };
    const ms = performance.now() - started;
    const items = result.data?.matchIdentities ?? [];
    if (items.length !== options.items || items.some((i) => i.__typename !== 'IdentityMatch')) {
      throw new Error(
        `the bulk did not answer ${options.items} matches: ${JSON.stringify(result).slice(0, 300)}`,
      );
    }
    return ms;
  };
  await once(); // warm-up: the first call of a document also parses and validates it
  const runsMs: number[] = [];
  for (let i = 0; i < options.repeats; i++) runsMs.push(Math.round(await once()));
  return {
    items: options.items,
    concurrency: options.concurrency,
    latencyMs: options.latencyMs,
    expectedMs: Math.ceil(options.items / options.concurrency) * options.latencyMs,
    medianMs: median(runsMs),
    runsMs,
  };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
