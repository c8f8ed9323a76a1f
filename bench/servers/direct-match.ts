/**
 * The gateway's work for one match without GraphQL: the same input checks, the same DqeClient (undici
 * Pool) call and the same mapping of scores to outcomes and a decision. The ceiling and the peer both
 * run it, so the three contenders differ only in what sits around it.
 */
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config/index.js';
import { DqeClient, isDqeError } from '../../src/dqe/index.js';
import {
  classifyDqeFailure,
  decide,
  type FieldMatch,
  type MatchIdentityInput,
  type MatchRules,
  overallScore,
  toFieldMatches,
  validateMatchInput,
} from '../../src/matching/index.js';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/index.js';

/** The mutation's result as JSON, `__typename` included (what the bench's selection asks for). */
export type DirectMatchResult =
  | {
      __typename: 'IdentityMatch';
      id: string;
      phoneNumber: string;
      decision: string;
      overallScore: number | null;
      fields: FieldMatch[];
    }
  | { __typename: string; message: string };

/** The DQE client as the gateway builds it, pointed at the bench's sandbox, its pool sized alike. */
export function upstreamFromEnv(env: NodeJS.ProcessEnv = process.env): DqeClient {
  const baseUrl = env.DQE_BASE_URL;
  if (!baseUrl) throw new Error('DQE_BASE_URL is required');
  return new DqeClient({
    baseUrl,
    ...SANDBOX_CREDENTIALS,
    transport: 'GET',
    timeoutMs: 10_000,
    connections: Number(env.DQE_MAX_CONCURRENCY) || 32,
  });
}

export function createDirectMatcher(
  dqe: DqeClient,
): (input: MatchIdentityInput) => Promise<DirectMatchResult> {
  // The gateway's defaults, read the way the gateway reads them.
  const loaded = loadConfig({});
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  const { config } = loaded;
  const rules: Omit<MatchRules, 'today'> = {
    defaultPolicy: config.defaultPolicy,
    numberFormat: config.numberFormat,
    redirectUriAllowlist: config.redirectUriAllowlist,
    defaultCodeName: config.dqeCodeName,
  };

  return async (input) => {
    const validation = validateMatchInput(input, { ...rules, today: new Date().toISOString().slice(0, 10) });
    if (!validation.ok) return { __typename: 'MatchInputError', message: 'invalid input' };
    const { match } = validation;
    try {
      const response = await dqe.matchWithoutOtp(match.dqeRequest);
      const fields = toFieldMatches(response.scores, match.submitted, match.policy);
      return {
        __typename: 'IdentityMatch',
        id: randomUUID(),
        phoneNumber: match.phoneNumber,
        decision: decide(fields, match.policy),
        overallScore: overallScore(fields),
        fields,
      };
    } catch (error) {
      if (!isDqeError(error)) throw error;
      const failure = classifyDqeFailure(error);
      if (failure.type === 'misconfigured') throw error;
      const typename = {
        'phone-rejected': 'PhoneNumberRejectedError',
        operator: 'MobileOperatorError',
        unavailable: 'MatchServiceUnavailableError',
      }[failure.type];
      return { __typename: typename, message: 'no match' };
    }
  };
}
