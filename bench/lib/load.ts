/** The load: one realistic matchIdentity request, sent by autocannon to whichever contender. */
import autocannon from 'autocannon';
import { EXAMPLE_VARIABLES } from '../../src/graphiql-example.js';

/** The README's example (the sandbox's PARTIAL_MATCH number, every field filled). */
export const BENCH_QUERY = `mutation Bench($input: MatchIdentityInput!) {
  matchIdentity(input: $input) {
    __typename
    ... on IdentityMatch { id phoneNumber decision overallScore fields { field outcome score rawScore } }
    ... on MatchError { message }
  }
}`;

export const BENCH_INPUT = EXAMPLE_VARIABLES.input;

export const BENCH_BODY = JSON.stringify({ query: BENCH_QUERY, variables: { input: BENCH_INPUT } });

export interface Target {
  /** Full URL of the GraphQL endpoint (or the ceiling's). */
  url: string;
  headers: Record<string, string>;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  /** Connection errors, timeouts and non-2xx answers. */
  errors: number;
  requests: number;
}

/** One request, checked: a contender that answers anything but a match would make the numbers meaningless. */
export async function checkAnswers(target: Target): Promise<void> {
  const response = await fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers },
    body: BENCH_BODY,
  });
  const text = await response.text();
  if (response.status !== 200 || !text.includes('"__typename":"IdentityMatch"')) {
    throw new Error(`${target.url} did not answer a match (HTTP ${response.status}): ${text.slice(0, 300)}`);
  }
}

/**
 * autocannon against `target` for `seconds` with `connections` keep-alive connections, as fast as it
 * answers, or at `rate` requests per second in all.
 */
export async function runLoad(
  target: Target,
  connections: number,
  seconds: number,
  rate?: number,
): Promise<LoadResult> {
  const result = await autocannon({
    ...(rate === undefined ? {} : { overallRate: rate }),
    url: target.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers },
    body: BENCH_BODY,
    connections,
    duration: seconds,
    timeout: 10,
  });
  const requests = result.requests.total;
  return {
    // Counted over the whole run rather than averaged per second: exact for short runs too.
    rps: requests / Math.max(result.duration, 0.001),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    requests,
  };
}
