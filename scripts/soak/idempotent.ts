/**
 * Idempotent retries across the fleet. A share of the soak's sends is a pair of requests under one
 * `Idempotency-Key`, on two different replicas: a retry sent as soon as the first answer is in, or both at
 * once. Each key gets its own last name, so the sandbox can count what it billed per key (more than one
 * answer with scores for a key is a double bill) and no other request shares that input.
 */
import type { Classified } from './classify.js';

export const RETRY_PATTERNS = ['retry on another replica', 'concurrent on two replicas'] as const;
export type RetryPattern = (typeof RETRY_PATTERNS)[number];

/** The key and the last name of the n-th idempotent pair: letters only, as a name would be. */
export function idempotentIdentity(prefix: string, n: number): { key: string; lastName: string } {
  return { key: `soak-${prefix}-${n}`, lastName: `${prefix}${lettersOf(n)}` };
}

/** The key a last name was made for (the sandbox reports last names), or undefined for another name. */
export function keyOfLastName(prefix: string, lastName: string): string | undefined {
  if (!lastName.startsWith(prefix)) return undefined;
  return `soak-${prefix}-${numberOfLetters(lastName.slice(prefix.length))}`;
}

/** A random prefix per run (letters), so a sandbox that outlived an earlier run cannot mix them up. */
export function runPrefix(random: () => number): string {
  return `Idem${lettersOf(Math.floor(random() * 26 ** 4))}x`;
}

const lettersOf = (n: number): string => {
  let out = '';
  do {
    out = String.fromCharCode(97 + (n % 26)) + out;
    n = Math.floor(n / 26);
  } while (n > 0);
  return out;
};

const numberOfLetters = (letters: string): number =>
  [...letters].reduce((n, c) => n * 26 + (c.charCodeAt(0) - 97), 0);

/** Replaces the last name of a scenario's input (every scenario sends `userInfos`). */
export function withLastName(input: Record<string, unknown>, lastName: string): Record<string, unknown> {
  const userInfos = (input.userInfos ?? {}) as Record<string, unknown>;
  return { ...input, userInfos: { ...userInfos, lastName } };
}

/**
 * What a pair got, in one phrase: the same match twice (the retry was replayed), two different matches
 * (a second DQE call), or the two results when they are not both matches (a fault, a retryable refusal).
 */
export function pairOutcome(first: Classified, second: Classified): string {
  if (first.matchId !== undefined && second.matchId !== undefined)
    return first.matchId === second.matchId ? 'same IdentityMatch' : 'two different IdentityMatch ids';
  return `${first.result} / ${second.result}`;
}
