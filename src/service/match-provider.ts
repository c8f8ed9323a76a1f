/**
 * The seam between the matcher and the services that compare identities (DQE, CAMARA KYC Match): each
 * gets the validated, normalised match and answers per-field outcomes, or a failure already classified
 * into the gateway's MatchFailure with what the audit line and the fallback rule need.
 */

import type { ProviderId } from '../config/match-routes.js';
import type { DqeLane } from '../dqe/index.js';
import type {
  FieldMatch,
  IdentityField,
  MatchFailure,
  MatchPolicy,
  NormalizedMatch,
} from '../matching/index.js';
import type { FallbackReason } from './fallback-policy.js';

export { PROVIDER_IDS, type ProviderId } from '../config/match-routes.js';

export interface ProviderCallOptions {
  lane: DqeLane;
  /** The gateway's request id (CAMARA's x-correlator). */
  requestId?: string | undefined;
}

/** A line for the match's log, in the provider's own words; never what the person typed. */
export interface ProviderNote {
  level: 'warn' | 'error';
  fields: Record<string, unknown>;
  msg: string;
}

export type ProviderOutcome =
  | {
      kind: 'answered';
      /**
       * The per-field outcomes under a policy: the answer is shared by identical matches of one request
       * (DataLoader), which may each ask for other thresholds.
       */
      fieldsUnder: (policy: MatchPolicy) => FieldMatch[];
      notes: ProviderNote[];
    }
  | {
      kind: 'failed';
      failure: MatchFailure;
      /** The row of FALLBACK_RULES this failure falls under; null: the next provider must not be asked. */
      fallback: FallbackReason | null;
      /** Ids and kinds for the audit line (e.g. dqeErrorKind, httpStatus). */
      audit: Record<string, unknown>;
      /** Ours to fix: the loud line for whoever runs the gateway. */
      operatorLine?: string | undefined;
      /** False when refused before any call (circuit open, bulkhead full, token failure). */
      called: boolean;
    };

export interface MatchProvider {
  readonly id: ProviderId;
  /** The fields it compares (matchingCapabilities.providers). */
  readonly comparedFields: readonly IdentityField[];
  /** Rejects only on a gateway bug; every provider failure is an outcome. */
  match(match: NormalizedMatch, options: ProviderCallOptions): Promise<ProviderOutcome>;
}
