import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import type { Logger } from 'pino';
import type { MatchRoutes } from '../config/match-routes.js';
import type { DqeLane } from '../dqe/index.js';
import type { IdempotencyGuard } from '../idempotency/idempotency-guard.js';
import {
  decide,
  IDENTITY_FIELDS,
  type IdentityField,
  type MatchRules,
  type MatchValidation,
  type NormalizedMatch,
  overallScore,
  validateMatchInput,
} from '../matching/index.js';
import type { MatchIdentityInput } from '../matching/types.js';
import { inSpan, inSyncSpan } from '../observability/spans.js';
import { type BilledCallAdmission, BilledCallRefused } from './billed-call-admission.js';
import { type DqeMatcher, dqeProvider } from './dqe-provider.js';
import type { FallbackReason } from './fallback-policy.js';
import {
  type IdempotencyScope,
  type IdempotentMatchResult,
  idempotencyStoreKey,
  matchIdempotently,
  sameRequestSubject,
} from './idempotent-match.js';
import type { MatchProvider, ProviderId } from './match-provider.js';
import type { MatchResult } from './match-result.js';
import { inMatchSpan, type LoadTrace, traceOfLoad, traceOfMatch } from './match-spans.js';
import {
  type ProviderCapabilities,
  providerCapabilities,
  providersFor,
  type Routing,
  resolveRouting,
} from './provider-routing.js';
import { matchAlongRoute, type RoutedOutcome } from './routed-match.js';

export type { DqeMatcher } from './dqe-provider.js';
export type { ProviderCapabilities } from './provider-routing.js';

/** How one match reaches DQE: single matches are 'online' (the default), matchIdentities items 'bulk'. */
export interface MatchOptions {
  lane?: DqeLane;
  /** The item's position in a matchIdentities (its span says which). */
  item?: number;
}

/**
 * A DataLoader key: the normalised match and its route decide identity (and de-duplication), the first
 * caller's lane is used.
 */
interface LoaderKey {
  match: NormalizedMatch;
  /** The providers to ask, in order (MATCH_ROUTES for the number's country). */
  route: readonly MatchProvider[];
  lane: DqeLane;
  /** The loading match's trace context: a batch runs in its first key's, each call goes back to its own. */
  trace: LoadTrace;
}

export interface IdentityMatcherOptions {
  /** DQE, the default provider; `providers` may add others (or stand in for it). */
  dqe: DqeMatcher;
  /** The configured providers; absent → DQE only. */
  providers?: readonly MatchProvider[] | undefined;
  /** MATCH_ROUTES; absent → every number to DQE. */
  routes?: MatchRoutes | undefined;
  /** Told of each fallback to the next provider of a route (a metric). */
  onFallback?: ((from: ProviderId, reason: FallbackReason) => void) | undefined;
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
  /** Each configured provider, the route selectors naming it, and the fields it compares. */
  providers: readonly ProviderCapabilities[];
}

/** Turns an API request into at most one routed match (one billed call) and a typed result. Shared by all requests. */
export class IdentityMatcher {
  readonly capabilities: MatchCapabilities;
  readonly #routing: Routing;

  constructor(private readonly options: IdentityMatcherOptions) {
    const { defaultPolicy } = options.rules;
    this.#routing = resolveRouting(options.providers ?? [dqeProvider(options.dqe)], options.routes);
    this.capabilities = {
      comparedFields: IDENTITY_FIELDS,
      matchThreshold: defaultPolicy.matchThreshold,
      partialMatchThreshold: defaultPolicy.partialMatchThreshold,
      requiredFields: defaultPolicy.requiredFields,
      sandbox: options.sandbox,
      providers: providerCapabilities(this.#routing),
    };
  }

  /** A matcher for one HTTP request of one client: identical DQE calls within it are made once. */
  forRequest(clientId: string, requestId: string): RequestMatcher {
    // An explicit child logger rather than an AsyncLocalStorage context: on Node 20 the latter makes every
    // promise of every request pay for async hooks (about a sixth of the CPU per request, measured).
    return new RequestMatcher(
      this.options,
      this.#routing,
      clientId,
      requestId,
      this.options.logger.child({ requestId, clientId }),
    );
  }
}

export class RequestMatcher {
  private readonly loader: DataLoader<LoaderKey, RoutedOutcome, string>;

  constructor(
    private readonly options: IdentityMatcherOptions,
    private readonly routing: Routing,
    private readonly clientId: string,
    requestId: string,
    /** The request's logger: every line carries its request id and client id. */
    readonly log: Logger,
  ) {
    const { admission } = options;
    const call = async ({ match, route, lane }: LoaderKey) => {
      const admitted = admission
        ? await inSpan('rateLimit.admit', {}, async (span) => {
            const answer = await admission.admit(clientId);
            span?.setAttribute('rate_limit.allowed', answer.allowed);
            return answer;
          })
        : { allowed: true as const };
      if (!admitted.allowed) throw new BilledCallRefused(admitted.retryAfterSeconds);
      return matchAlongRoute(route, match, { lane, requestId }, (fallback) => {
        // Which provider and why, never the number: the match's own audit line follows.
        this.log.warn(
          { fallbackFrom: fallback.from, fallbackTo: fallback.to, fallbackReason: fallback.reason },
          'match falls back to the next provider of its route',
        );
        options.onFallback?.(fallback.from, fallback.reason);
      });
    };
    this.loader = new DataLoader(
      // No provider has a batch endpoint; DataLoader is here for its per-request de-duplication.
      (keys) =>
        Promise.all(
          keys.map((key) => traceOfLoad(key.trace, () => call(key)).catch((error: Error) => error)),
        ),
      // Submitted fields follow from the values; the policy is applied per caller (fieldsUnder), so a
      // different policy alone costs no second call.
      {
        cacheKeyFn: ({ match, route }) =>
          JSON.stringify([route.map((p) => p.id), match.phoneNumber, match.dqeRequest, match.values]),
      },
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
    const route = providersFor(this.routing, match.region);
    let routed: RoutedOutcome;
    try {
      routed = await this.loader.load({
        match,
        route,
        lane: options.lane ?? 'online',
        trace: traceOfMatch(),
      });
    } catch (error) {
      if (error instanceof BilledCallRefused) {
        audit({ result: 'rate-limited', dqeCalled: false }, 'match refused: rate limit');
        return { kind: 'rate-limited', retryAfterSeconds: error.retryAfterSeconds, matchId };
      }
      // A provider rejects only on a bug: its field answers INTERNAL_ERROR (src/graphql/match-identity-result.ts).
      audit({ result: 'bug', err: error }, 'match failed: gateway bug', 'error');
      throw error;
    }
    const { provider, outcome } = routed;
    if (outcome.kind === 'failed') {
      const fields = { result: outcome.failure.type, provider, ...outcome.audit };
      if (outcome.operatorLine) audit(fields, outcome.operatorLine, 'error');
      else audit(fields, 'match failed upstream');
      return { kind: 'failed', failure: outcome.failure, matchId };
    }
    for (const note of outcome.notes) this.log[note.level]({ matchId, provider, ...note.fields }, note.msg);
    const fields = outcome.fieldsUnder(match.policy);
    const decision = decide(fields, match.policy);
    audit(
      { result: 'IdentityMatch', decision, provider, ...(provider === 'dqe' ? { dqeCalled: true } : {}) },
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
        matchedAt: this.#now(),
        provider,
      },
    };
  }
}
