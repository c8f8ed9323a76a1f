/** The CAMARA KYC Match client: usable on its own (no GraphQL, no logging). */
export {
  type CamaraCallOptions,
  type CamaraCallOutcome,
  CamaraClient,
  type CamaraClientHooks,
  type CamaraClientOptions,
  type CamaraMatchOutcome,
  type CamaraTokenOutcome,
} from './client.js';
export { CamaraError, type CamaraErrorDetails, type CamaraErrorKind, isCamaraError } from './errors.js';
export {
  type CamaraFieldMatch,
  type CamaraMatchFailure,
  camaraFieldMatch,
  classifyCamaraFailure,
  type IdDocumentFailure,
} from './outcomes.js';
export { type CamaraRequest, correlatorFor, countryCode, toCamaraRequest } from './request-body.js';
export {
  type CamaraCaller,
  type CamaraResilienceOptions,
  type CamaraResilientCallOptions,
  ResilientCamaraClient,
} from './resilient-camara-client.js';
export {
  CAMARA_RETRY_RULES,
  type CamaraRetryCase,
  camaraRetryCaseOf,
  isCamaraUpstreamFailure,
  isSafeToRetryCamara,
} from './retry-policy.js';
export * from './types.js';
export { parseMatchAnswer, parseTokenAnswer, readRetryAfter } from './wire.js';
