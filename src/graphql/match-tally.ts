/** A refusal that applies to every match field of one operation: the request as a whole was refused. */
export type WholeRefusal =
  | { code: 'RATE_LIMITED'; retryAfterSeconds: number }
  | { code: 'IDEMPOTENCY_KEY_REUSED' };

/** One answer as the tally sees it: a MatchError's code and wait, or undefined for an IdentityMatch. */
export type TalliedAnswer = { code: string; retryAfterSeconds: number | null } | undefined;

/**
 * What the match fields (and bulk items) of one operation answered. Each answer is a union member in
 * `data`; when every one of them is the same request-level refusal, nothing was sent to DQE and the
 * operation as a whole gets that refusal's HTTP status too (useWholeRequestRefusal).
 */
export class MatchTally {
  #answers = 0;
  #rateLimited = 0;
  #reused = 0;
  #retryAfterSeconds = 0;

  record(answer: TalliedAnswer): void {
    this.#answers++;
    if (answer?.code === 'RATE_LIMITED') {
      this.#rateLimited++;
      // The longest wait: after it, every refused match may go through.
      this.#retryAfterSeconds = Math.max(this.#retryAfterSeconds, answer.retryAfterSeconds ?? 0);
    } else if (answer?.code === 'IDEMPOTENCY_KEY_REUSED') {
      this.#reused++;
    }
  }

  /** The refusal shared by every match of the operation; undefined when any was answered otherwise. */
  wholeRefusal(): WholeRefusal | undefined {
    if (this.#answers === 0) return undefined;
    if (this.#rateLimited === this.#answers)
      return { code: 'RATE_LIMITED', retryAfterSeconds: this.#retryAfterSeconds };
    if (this.#reused === this.#answers) return { code: 'IDEMPOTENCY_KEY_REUSED' };
    return undefined;
  }
}
