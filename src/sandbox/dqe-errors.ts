/**
 * DQE's documented error labels (dqe-idmobile.md §1.1 and §3.2). Kept in one place so that the token
 * endpoint, the validation path and the error magic numbers all answer with exactly the same words.
 */

/** The operator named in operator-level errors (13–17); DQE puts the operator's name in the label. */
export const SANDBOX_OPERATOR = 'Orange';

export const DQE_ERROR_LABELS = {
  '01': 'invalid request',
  '02': 'invalid licence key',
  '03': 'invalid client secret',
  '04': 'invalid scope',
  '05': 'missing or empty parameter (user_infos) for this scope',
  '06': 'bad parameter format (user_infos) is not a valid JSON',
  // 07 names the missing key; the label here is the documented example, see missingKeyError.
  '07': 'missing mandatory key in user informations (phone)',
  '09': 'ineligible phone number',
  '10': 'invalid phone number',
  '11': 'phone number is empty',
  '12': 'phone check failed',
  '13': `operator ${SANDBOX_OPERATOR} not found`,
  '14': `operator ${SANDBOX_OPERATOR} not authorized for this licence`,
  '15': `operator ${SANDBOX_OPERATOR} not supported yet`,
  '16': `operator ${SANDBOX_OPERATOR} unreachable`,
  '17': `scope not supported by this operator ${SANDBOX_OPERATOR} yet`,
  '22': 'unauthorized client',
  '30': 'invalid or expired token',
  '31': 'unsupported grant type',
  '98': 'credits exhausted',
  '99': 'internal server error',
} as const;

export type SandboxErrorId = keyof typeof DQE_ERROR_LABELS;

export interface DqeErrorBody {
  status: 'error';
  error_type: string;
  error_id: string;
}

/** The documented error body; `error_id` stays a two-character string as on the wire. */
export function errorBody(id: SandboxErrorId, label: string = DQE_ERROR_LABELS[id]): DqeErrorBody {
  return { status: 'error', error_type: label, error_id: id };
}

/** Error 07 names the first missing user_infos key, like DQE's own example "(phone)". */
export function missingKeyError(key: string): DqeErrorBody {
  return errorBody('07', `missing mandatory key in user informations (${key})`);
}
