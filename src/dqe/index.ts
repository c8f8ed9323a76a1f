/** The DQE IDMobile client: usable on its own (no GraphQL, no logging). */
export { BulkheadFullError, bulkShareOf, type DqeLane } from './bulkhead.js';
export {
  type DqeCallOptions,
  type DqeCallOutcome,
  DqeClient,
  type DqeClientHooks,
  type DqeClientOptions,
  type DqeTokenOutcome,
  serialiseUserInfos,
} from './client.js';
export {
  DQE_ERROR_KINDS,
  DqeError,
  type DqeErrorDetails,
  type DqeErrorKind,
  describeErrorId,
  isDqeError,
} from './errors.js';
export {
  RedisTokenStore,
  type RedisTokenStoreHooks,
  type RedisTokenStoreOptions,
} from './redis-token-store.js';
export {
  type CircuitStatus,
  isUpstreamFailure,
  type ResilienceHooks,
  type ResilienceOptions,
  type ResilientCallOptions,
  ResilientDqeClient,
} from './resilient-dqe-client.js';
export { isSafeToRetry, RETRY_RULES, type RetryCase, type RetryRule, retryCaseOf } from './retry-policy.js';
export type { RefreshLock, SharedToken, SharedTokenStore } from './shared-token-store.js';
export { TokenCache, type TokenCacheOptions } from './token-cache.js';
export * from './types.js';
export { DEFAULT_TOKEN_LIFETIME_SECONDS, type DqeToken, parseMatchBody, parseTokenBody } from './wire.js';
