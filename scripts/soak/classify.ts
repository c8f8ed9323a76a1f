/**
 * What one request got back. "Well-formed" follows the soak's contract: a JSON GraphQL response that
 * is not a 5xx. Everything else (no response, a socket error, the client's own timeout, a 5xx, a body
 * that is not JSON or not a GraphQL response) counts as unanswered, and one is enough to fail the soak.
 */
export interface Classified {
  answered: boolean;
  /** `IdentityMatch`, `GraphQL error (CODE)`, `no answer: ECONNRESET`, `HTTP 502`… */
  result: string;
  /** The answer's own message, when it has one (shown as examples, to explain unexpected results). */
  message?: string;
  /** `IdentityMatch.id`: an idempotent retry must get the same one. */
  matchId?: string;
}

interface GraphqlBody {
  data?: { matchIdentity?: { __typename?: unknown; message?: unknown; id?: unknown } | null } | null;
  errors?: { message?: unknown; extensions?: { code?: unknown } }[];
}

/** Classifies a response that arrived (status and full body text). */
export function classifyResponse(status: number, text: string): Classified {
  if (status >= 500) return { answered: false, result: `HTTP ${status}` };
  let body: GraphqlBody;
  try {
    body = JSON.parse(text) as GraphqlBody;
  } catch {
    return { answered: false, result: `unparseable body (HTTP ${status})` };
  }
  const answer = body?.data?.matchIdentity;
  if (typeof answer?.__typename === 'string') {
    const verdict: Classified = {
      answered: true,
      result: answer.__typename,
      message: textOf(answer.message),
    };
    if (typeof answer.id === 'string') verdict.matchId = answer.id;
    return verdict;
  }
  if (Array.isArray(body?.errors) && body.errors.length > 0) {
    const code = body.errors[0]?.extensions?.code;
    return {
      answered: true,
      result: `GraphQL error ${typeof code === 'string' ? code : '(no code)'}`,
      message: textOf(body.errors[0]?.message),
    };
  }
  return { answered: false, result: `not a GraphQL response (HTTP ${status})` };
}

/** Classifies a request that got no response: why, in the words undici or the abort gave. */
export function classifyFailure(error: unknown): Classified {
  const e = error as { name?: string; code?: string; message?: string } | undefined;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError')
    return { answered: false, result: 'no answer: client timeout' };
  return {
    answered: false,
    result: `no answer: ${e?.code ?? e?.name ?? String(error)}`,
    message: e?.message,
  };
}

const textOf = (value: unknown) => (typeof value === 'string' ? value : undefined);
