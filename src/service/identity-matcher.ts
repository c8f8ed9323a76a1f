import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import type { Logger } from 'pino';
import { type DqeLane, type DqeMatchRequest, type DqeMatchResponse, isDqeError } from '../dqe/index.js';
import type { IdempotencyGuard } from '../idempotency/idempotency-guard.js';
import {
  classifyDqeFailure,
  decide,
  IDENTITY_FIELDS,
  type IdentityField,
  type MatchRules,
  type MatchValidation,
  overallScore,
  toFieldMatches,
  validateMatchInput,
} from '../matching/index.js';
import type { MatchIdentityInput } from '../matching/types.js';
import { inSpan, inSyncSpan } from '../observability/spans.js';
import { type BilledCallAdmission, BilledCallRefused } from './billed-call-admission.js';
import {
  type IdempotencyScope,
  type IdempotentMatchResult,
  idempotencyStoreKey,
  matchIdempotently,
  sameRequestSubject,
} from './idempotent-match.js';
import { describeFailureForOperator, type MatchResult } from './match-result.js';
import { inMatchSpan, type LoadTrace, traceOfLoad, traceOfMatch } from './match-spans.js';

/** The one thing the matcher needs from the DQE client (so tests and other transports can stand in). */
export interface DqeMatcher {
  /** `lane: 'bulk'` for matchIdentities items: they may hold only a share of the upstream slots. */
  matchWithoutOtp(request: DqeMatchRequest, options?: { lane?: DqeLane }): Promise<DqeMatchResponse>;
}

/** How one match reaches DQE: single matches are 'online' (the default), matchIdentities items 'bulk'. */
export interface MatchOptions {
  lane?: DqeLane;
  /** The item's position in a matchIdentities (its span says which). */
  item?: number;
}

/** A DataLoader key: the request decides identity (and de-duplication), the first caller's lane is used. */
interface LoaderKey {
  request: DqeMatchRequest;
  lane: DqeLane;
  /** The loading match's trace context: a batch runs in its first key's, each call goes back to its own. */
  trace: LoadTrace;
}

export interface IdentityMatcherOptions {
  dqe: DqeMatcher;
  rules: Omit<MatchRules, 'today'>;
  logger: Logger;
  /** True when DQE is the embedded sandbox: shown in `matchingCapabilities`. */
  sandbox: boolean;
  /** Asked before each billed call (rate limiting); absent → always allowed. */
  admission?: BilledCallAdmission | undefined;
  /** Replays of `Idempotency-Key` requests; absent → keys are ignored. */
  idempotency?: IdempotencyGuard<MatchResult> | undefined;
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

  /** A matcher for one HTTP request of one client: identical DQE calls within it are made once. */
  forRequest(clientId: string, requestId: string): RequestMatcher {
    // An explicit child logger rather than an AsyncLocalStorage context: on Node 20 the latter makes every
    // promise of every request pay for async hooks (about a sixth of the CPU per request, measured).
    return new RequestMatcher(this.options, clientId, this.options.logger.child({ requestId, clientId }));
  }
}

export class RequestMatcher {
  private readonly loader: DataLoader<LoaderKey, DqeMatchResponse, string>;

  constructor(
    private readonly options: IdentityMatcherOptions,
    private readonly clientId: string,
    /** The request's logger: every line carries its request id and client id. */
    readonly log: Logger,
  ) {
    const { dqe, admission } = options;
    const call = async ({ request, lane }: LoaderKey) => {
      const admitted = admission
        ? await inSpan('rateLimit.admit', {}, async (span) => {
            const answer = await admission.admit(clientId);
            span?.setAttribute('rate_limit.allowed', answer.allowed);
            return answer;
          })
        : { allowed: true as const };
      if (!admitted.allowed) throw new BilledCallRefused(admitted.retryAfterSeconds);
      return dqe.matchWithoutOtp(request, { lane });
    };
    this.loader = new DataLoader(
      // DQE has no batch endpoint; DataLoader is here for its per-request de-duplication.
      (keys) =>
        Promise.all(
          keys.map((key) => traceOfLoad(key.trace, () => call(key)).catch((error: Error) => error)),
        ),
      { cacheKeyFn: (key) => JSON.stringify(key.request) },
    );
  }

  /** One match; under an idempotency key, a repeat of the same (normalised) input gets the first answer. */
  async matchOnce(
    input: MatchIdentityInput,
    scope: IdempotencyScope,
    options: MatchOptions = {},
  ): Promise<IdempotentMatchResult> {
    const { idempotency } = this.options;
    if (!idempotency) return this.match(input, options);
    return inMatchSpan({ ...options, item: options.item ?? scope.item }, () =>
      this.#matchOnce(idempotency, input, scope, options),
    );
  }

  async #matchOnce(
    idempotency: IdempotencyGuard<MatchResult>,
    input: MatchIdentityInput,
    scope: IdempotencyScope,
    options: MatchOptions,
  ): Promise<IdempotentMatchResult> {
    const validation = this.#validate(input);
    let unclaimed = false;
    let outcome = 'fresh';
    const result = await inSpan('idempotency', {}, async (span) => {
      const answer = await matchIdempotently(
        idempotency,
        idempotencyStoreKey(this.clientId, scope),
        sameRequestSubject(validation, input),
        () => this.#matchValidated(validation, options),
        {
          replayed: (first) => {
            outcome = 'replayed';
            this.log.info(
              {
                audit: 'matchIdentity',
                result: first.kind === 'matched' ? 'IdentityMatch' : first.kind,
                ...(first.kind === 'matched' ? { matchId: first.match.id } : {}),
                idempotentReplay: true,
                dqeCalled: false,
              },
              'match replayed for a repeated Idempotency-Key',
            );
          },
          unclaimed: (matchId) => {
            unclaimed = true;
            outcome = 'unclaimed';
            // An input error is answered below instead: it has its own audit line.
            if (!validation.ok) return;
            this.log.info(
              {
                matchId,
                audit: 'matchIdentity',
                result: 'unavailable',
                idempotencyUnclaimed: true,
                dqeCalled: false,
              },
              'match not run: its Idempotency-Key could not be claimed (store unreachable, or the first attempt still running)',
            );
          },
        },
      );
      span?.setAttribute(
        'idempotency.outcome',
        answer.kind === 'idempotency-conflict' ? 'conflict' : outcome,
      );
      return answer;
    });
    // An input error costs nothing and bills nothing: when the key cannot be claimed, the client still
    // learns what is wrong with its input rather than waiting for the store.
    if (unclaimed && !validation.ok) return this.#matchValidated(validation, options);
    return result;
  }

  match(input: MatchIdentityInput, options: MatchOptions = {}): Promise<MatchResult> {
    return inMatchSpan(options, () => this.#matchValidated(this.#validate(input), options));
  }

  #now(): Date {
    return this.options.now?.() ?? new Date();
  }

  #validate(input: MatchIdentityInput): MatchValidation {
    return inSyncSpan('match.validate', {}, (span) => {
      const validation = validateMatchInput(input, {
        ...this.options.rules,
        today: this.#now().toISOString().slice(0, 10),
      });
      span?.setAttribute('match.input.valid', validation.ok);
      // How many problems, never which values.
      if (!validation.ok) span?.setAttribute('match.input.problems', validation.fieldErrors.length);
      return validation;
    });
  }

  async #matchValidated(validation: MatchValidation, options: MatchOptions): Promise<MatchResult> {
    const started = performance.now();
    const matchId = randomUUID();
    // The audit line: one per matchIdentity, ids and outcomes only, never what the person typed.
    const audit = (fields: Record<string, unknown>, msg: string, level: 'info' | 'error' = 'info') =>
      this.log[level](
        { matchId, audit: 'matchIdentity', ...fields, latencyMs: Math.round(performance.now() - started) },
        msg,
      );

    if (!validation.ok) {
      audit(
        { result: 'MatchInputError', problems: validation.fieldErrors.length, dqeCalled: false },
        'match refused: invalid input',
      );
      return { kind: 'invalid-input', fieldErrors: validation.fieldErrors };
    }

    const { match } = validation;
    let response: DqeMatchResponse;
    try {
      response = await this.loader.load({
        request: match.dqeRequest,
        lane: options.lane ?? 'online',
        trace: traceOfMatch(),
      });
    } catch (error) {
      if (error instanceof BilledCallRefused) {
        audit({ result: 'rate-limited', dqeCalled: false }, 'match refused: rate limit');
        return { kind: 'rate-limited', retryAfterSeconds: error.retryAfterSeconds, matchId };
      }
      // Anything but a DqeError is a bug: its field answers INTERNAL_ERROR (src/graphql/match-identity-result.ts).
      if (!isDqeError(error)) {
        audit({ result: 'bug', dqeCalled: true, err: error }, 'match failed: gateway bug', 'error');
        throw error;
      }
      const failure = classifyDqeFailure(error);
      const fields = {
        result: failure.type,
        dqeErrorKind: error.kind,
        dqeErrorId: error.errorId,
        httpStatus: error.httpStatus,
        // An open circuit or a full bulkhead refuses before any call.
        dqeCalled: error.kind !== 'circuit-open' && error.kind !== 'overloaded',
      };
      if (failure.type === 'misconfigured')
        audit(fields, describeFailureForOperator(error.kind, error.errorId), 'error');
      else audit(fields, 'match failed upstream');
      return { kind: 'failed', failure, matchId };
    }

    const fields = toFieldMatches(response.scores, match.submitted, match.policy);
    const decision = decide(fields, match.policy);
    if (response.anomalies.length > 0) {
      this.log.warn(
        { matchId, anomalies: response.anomalies },
        'DQE sent scores that are not numbers in 0..1; treated as absent',
      );
    }
    if (response.noScoreKeys) {
      // Our own words only: the body is unknown, and might echo what the person typed.
      this.log.warn(
        { matchId, dqeAnomaly: 'no-score-keys' },
        'DQE answered 200 with none of the score keys; every field treated as not compared',
      );
    }
    audit({ result: 'IdentityMatch', decision, dqeCalled: true }, 'match completed');
    return {
      kind: 'matched',
      match: {
        id: matchId,
        phoneNumber: match.phoneNumber,
        fields,
        overallScore: overallScore(fields),
        decision,
        matchedAt: this.#now(),
      },
    };
  }
}
