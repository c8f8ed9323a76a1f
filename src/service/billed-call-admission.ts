/** Decides, just before a billed DQE call, whether this client may make it now (rate limiting). */
export interface BilledCallAdmission {
  admit(clientId: string): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>;
}

/** Thrown inside the matcher when admission refuses; never reaches DQE. */
export class BilledCallRefused extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('rate limit reached for billed calls');
  }
}
