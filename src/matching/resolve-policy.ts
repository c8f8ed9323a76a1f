import { IDENTITY_FIELDS, type IdentityField, type MatchPolicy, type MatchPolicyInput } from './types.js';

export type PolicyResolution =
  | { ok: true; policy: MatchPolicy }
  | { ok: false; errors: { path: string[]; message: string }[] };

/** Per-request thresholds override the configured ones; the result must still be a coherent policy. */
export function resolvePolicy(
  input: MatchPolicyInput | null | undefined,
  defaults: MatchPolicy,
): PolicyResolution {
  const errors: { path: string[]; message: string }[] = [];
  const matchThreshold = input?.matchThreshold ?? defaults.matchThreshold;
  const partialMatchThreshold = input?.partialMatchThreshold ?? defaults.partialMatchThreshold;
  for (const [name, value] of [
    ['matchThreshold', matchThreshold],
    ['partialMatchThreshold', partialMatchThreshold],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || value > 100)
      errors.push({ path: [name], message: 'must be 0..100' });
  }
  if (errors.length === 0 && partialMatchThreshold > matchThreshold) {
    errors.push({ path: ['partialMatchThreshold'], message: 'must not be above matchThreshold' });
  }
  const requested = input?.requiredFields ?? defaults.requiredFields;
  const requiredFields = [...new Set(requested)].filter((f): f is IdentityField =>
    IDENTITY_FIELDS.includes(f),
  );
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, policy: { matchThreshold, partialMatchThreshold, requiredFields } };
}
