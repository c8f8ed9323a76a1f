import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import type { Logger } from 'pino';
import { type DqeMatchRequest, type DqeMatchResponse, isDqeError } from '../dqe/index.js';
import {
  classifyDqeFailure,
  decide,
  IDENTITY_FIELDS,
  type IdentityField,
  type MatchRules,
  overallScore,
  toFieldMatches,
  validateMatchInput,
} from '../matching/index.js';
import type { MatchIdentityInput } from '../matching/types.js';
import { describeFailureForOperator, type MatchResult } from './match-result.js';

/** The one thing the matcher needs from the DQE client (so tests and other transports can stand in). */
export interface DqeMatcher {
  matchWithoutOtp(request: DqeMatchRequest): Promise<DqeMatchResponse>;
}

export interface IdentityMatcherOptions {
  dqe: DqeMatcher;
  rules: Omit<MatchRules, 'today'>;
  logger: Logger;
  /** True when DQE is the embedded sandbox: shown in `matchingCapabilities`. */
  sandbox: boolean;
  now?: () => Date;
}

/** What `matchingCapabilities` reports. */
export interface MatchCapabilities {
  comparedFields: readonly IdentityField[];
  matchThreshold: number;
  partialMatchThreshold: number;
  requiredFields: readonly IdentityField[];
  sandbox: boolean;
}

/** Turns an API request into at most one billed DQE call and a typed result. Shared by all requests. */
export class IdentityMatcher {
  readonly capabilities: MatchCapabilities;

  constructor(private readonly options: IdentityMatcherOptions) {
    const { defaultPolicy } = options.rules;
    this.capabilities = {
      comparedFields: IDENTITY_FIELDS,
      matchThreshold: defaultPolicy.matchThreshold,
      partialMatchThreshold: defaultPolicy.partialMatchThreshold,
      requiredFields: defaultPolicy.requiredFields,
      sandbox: options.sandbox,
    };
  }

  /** A matcher for one HTTP request: identical DQE calls within it are made once. */
  forRequest(requestId: string): RequestMatcher {
    return new RequestMatcher(this.options, this.options.logger.child({ requestId }));
  }
}

export class RequestMatcher {
  private readonly loader: DataLoader<DqeMatchRequest, DqeMatchResponse, string>;

  constructor(
    private readonly options: IdentityMatcherOptions,
    private readonly log: Logger,
  ) {
    const { dqe } = options;
    this.loader = new DataLoader(
      // DQE has no batch endpoint; DataLoader is here for its per-request de-duplication.
      (requests) => Promise.all(requests.map((r) => dqe.matchWithoutOtp(r).catch((error: Error) => error))),
      { cacheKeyFn: (request) => JSON.stringify(request) },
    );
  }

  async match(input: MatchIdentityInput): Promise<MatchResult> {
    const now = this.options.now ?? (() => new Date());
    const started = performance.now();
    const matchId = randomUUID();
    const log = this.log.child({ matchId });
    const latencyMs = () => Math.round(performance.now() - started);

    const validation = validateMatchInput(input, {
      ...this.options.rules,
      today: now().toISOString().slice(0, 10),
    });
    if (!validation.ok) {
      log.info(
        {
          result: 'MatchInputError',
          problems: validation.fieldErrors.length,
          dqeCalled: false,
          latencyMs: latencyMs(),
        },
        'match refused: invalid input',
      );
      return { kind: 'invalid-input', fieldErrors: validation.fieldErrors };
    }

    const { match } = validation;
    let response: DqeMatchResponse;
    try {
      response = await this.loader.load(match.dqeRequest);
    } catch (error) {
      // Anything but a DqeError is a bug: Yoga masks it for the client and logs it with its stack.
      if (!isDqeError(error)) {
        log.error({ err: error, dqeCalled: true, latencyMs: latencyMs() }, 'match failed: gateway bug');
        throw error;
      }
      const dqeError = error;
      const failure = classifyDqeFailure(dqeError);
      const fields = {
        result: failure.type,
        dqeErrorKind: dqeError.kind,
        dqeErrorId: dqeError.errorId,
        httpStatus: dqeError.httpStatus,
        dqeCalled: true,
        latencyMs: latencyMs(),
      };
      if (failure.type === 'misconfigured')
        log.error(fields, describeFailureForOperator(dqeError.kind, dqeError.errorId));
      else log.info(fields, 'match failed upstream');
      return { kind: 'failed', failure, matchId };
    }

    const fields = toFieldMatches(response.scores, match.submitted, match.policy);
    const decision = decide(fields, match.policy);
    if (response.anomalies.length > 0) {
      log.warn(
        { anomalies: response.anomalies },
        'DQE sent scores that are not numbers in 0..1; treated as absent',
      );
    }
    log.info(
      { result: 'IdentityMatch', decision, dqeCalled: true, latencyMs: latencyMs() },
      'match completed',
    );
    return {
      kind: 'matched',
      match: {
        id: matchId,
        phoneNumber: match.phoneNumber,
        fields,
        overallScore: overallScore(fields),
        decision,
        matchedAt: now(),
      },
    };
  }
}
