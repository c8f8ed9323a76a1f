/** CAMARA KYC Match as a MatchProvider: the gateway's trimmed values sent, each verdict read by one rule. */

import {
  type CamaraMatchInput,
  type CamaraMatchOutcome,
  camaraFieldMatch,
  classifyCamaraFailure,
  isCamaraError,
} from '../camara/index.js';
import type { DqeLane } from '../dqe/index.js';
import {
  IDENTITY_FIELD_SPECS,
  IDENTITY_FIELDS,
  type MatchFailure,
  type MatchPolicy,
} from '../matching/index.js';
import { inSpan, SpanKind } from '../observability/spans.js';
import { camaraFallbackReason } from './fallback-policy.js';
import type { MatchProvider, ProviderNote } from './match-provider.js';

/** The one thing the provider needs from the CAMARA client (ResilientCamaraClient). */
export interface CamaraMatcher {
  match(input: CamaraMatchInput, options?: { lane?: DqeLane }): Promise<CamaraMatchOutcome>;
}

const OPERATOR_LINES: Record<string, string> = {
  unauthenticated:
    'the CAMARA operator refused a fresh token: check CAMARA_CLIENT_ID and CAMARA_CLIENT_SECRET',
  'permission-denied': 'the CAMARA operator denied the call: check CAMARA_SCOPE and the client registration',
  'rejected-request':
    "the CAMARA operator refused the gateway's request: check CAMARA_API_ROOT (or a gateway bug)",
  'token-refused':
    'the CAMARA token endpoint refused the credentials: check CAMARA_TOKEN_URL and CAMARA_CLIENT_*',
};

export function camaraProvider(camara: CamaraMatcher): MatchProvider {
  return {
    id: 'camara',
    comparedFields: IDENTITY_FIELDS,
    async match(match, { lane, requestId }) {
      let response: CamaraMatchOutcome;
      try {
        response = await inSpan('camara.match', { kind: SpanKind.CLIENT }, async (span) => {
          try {
            return await camara.match(
              { phoneNumber: match.phoneNumber, userInfos: match.values, requestId },
              { lane },
            );
          } catch (error) {
            // Kinds and statuses only: never the operator's message or the number.
            if (isCamaraError(error)) {
              span?.setAttribute('camara.error.kind', error.kind);
              if (error.httpStatus !== undefined)
                span?.setAttribute('http.response.status_code', error.httpStatus);
            }
            throw error;
          }
        });
      } catch (error) {
        if (!isCamaraError(error)) throw error;
        const classified = classifyCamaraFailure(error);
        // The operator wants an identity document the contract cannot carry yet: nothing this client can
        // change by retrying; MobileOperatorError NOT_AUTHORIZED says the operator will not check it.
        const failure: MatchFailure =
          classified.type === 'id-document'
            ? { type: 'operator', reason: 'NOT_AUTHORIZED', operator: null, retryable: false }
            : classified;
        const called = !['circuit-open', 'overloaded', 'token-refused', 'token-unavailable'].includes(
          error.kind,
        );
        return {
          kind: 'failed',
          failure,
          fallback: camaraFallbackReason(error),
          audit: {
            camaraErrorKind: error.kind,
            camaraCode: error.code,
            httpStatus: error.httpStatus,
            camaraCalled: called,
          },
          operatorLine: failure.type === 'misconfigured' ? OPERATOR_LINES[error.kind] : undefined,
          called,
        };
      }
      const notes: ProviderNote[] = [];
      if (response.anomalies.length > 0)
        notes.push({
          level: 'warn',
          fields: { camaraAnomalies: response.anomalies },
          msg: 'the CAMARA operator sent verdicts that could not be read; treated as not available',
        });
      if (response.unsent.length > 0)
        notes.push({
          level: 'warn',
          fields: { camaraUnsent: response.unsent },
          msg: 'values not in a form CAMARA accepts were not sent; answered NOT_AVAILABLE',
        });
      const fieldsUnder = (policy: MatchPolicy) =>
        IDENTITY_FIELD_SPECS.map(({ field, input }) => ({
          field,
          ...camaraFieldMatch(
            match.submitted.has(field),
            response.verdicts[input as keyof typeof response.verdicts],
            policy,
          ),
        }));
      return { kind: 'answered', fieldsUnder, notes };
    },
  };
}
