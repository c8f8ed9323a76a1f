import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { CamaraCallOutcome, CamaraClientHooks, CamaraTokenOutcome } from '../camara/client.js';
import type { CircuitStatus, ResilienceHooks } from '../dqe/index.js';

/**
 * The CAMARA provider's metrics, in the gateway's registry beside DQE's (`camara_` for `dqe_`), so the
 * same dashboards and alerts can follow the second provider. Labels are our own vocabulary: outcomes
 * (`ok` or a CamaraError kind), retry reasons — never a number, a URL or a token.
 */
export class CamaraMetrics {
  readonly #calls: Counter<'outcome'>;
  readonly #duration: Histogram<'outcome'>;
  readonly #inFlight: Gauge;
  readonly #tokenRequests: Counter<'outcome'>;
  readonly #retries: Counter<'reason'>;
  readonly #circuit: Gauge;
  readonly #overloaded: Counter;

  constructor(registry: Registry) {
    const registers = [registry];
    this.#calls = new Counter({
      name: 'camara_calls_total',
      help: 'CAMARA KYC Match /match calls (each may be billed), by outcome (ok or the error kind)',
      labelNames: ['outcome'],
      registers,
    });
    this.#duration = new Histogram({
      name: 'camara_call_duration_seconds',
      help: 'Latency of CAMARA /match calls, by outcome',
      labelNames: ['outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 20],
      registers,
    });
    this.#inFlight = new Gauge({
      name: 'camara_calls_in_flight',
      help: 'CAMARA /match calls currently waiting for an answer',
      registers,
    });
    this.#tokenRequests = new Counter({
      name: 'camara_token_requests_total',
      help: 'CAMARA OAuth2 token requests, by outcome (ok, refused: credentials, failed: anything else)',
      labelNames: ['outcome'],
      registers,
    });
    this.#retries = new Counter({
      name: 'camara_retries_total',
      help: 'CAMARA calls retried because they could not have been processed (src/camara/retry-policy.ts)',
      labelNames: ['reason'],
      registers,
    });
    this.#circuit = new Gauge({
      name: 'camara_circuit_open',
      help: 'CAMARA circuit breaker: 0 closed, 1 open (calls refused at once), 0.5 half-open (one probe)',
      registers,
    });
    this.#overloaded = new Counter({
      name: 'camara_bulkhead_rejected_total',
      help: 'CAMARA matches refused at once because every slot and waiting place was taken',
      registers,
    });
  }

  /** Hooks for `new CamaraClient({ hooks })`. */
  readonly clientHooks: Required<CamaraClientHooks> = {
    onCallStart: () => this.#inFlight.inc(),
    onCall: (outcome: CamaraCallOutcome, ms: number) => {
      this.#inFlight.dec();
      this.#calls.inc({ outcome });
      this.#duration.observe({ outcome }, ms / 1000);
    },
    onTokenRequest: (outcome: CamaraTokenOutcome) => this.#tokenRequests.inc({ outcome }),
  };

  /** Hooks for `new ResilientCamaraClient(client, { hooks })`. */
  readonly resilienceHooks: Required<ResilienceHooks> = {
    onRetry: (kind: string) => this.#retries.inc({ reason: kind }),
    onCircuitChange: (status: CircuitStatus) =>
      this.#circuit.set(status === 'open' ? 1 : status === 'half-open' ? 0.5 : 0),
    onOverloaded: () => this.#overloaded.inc(),
  };
}
