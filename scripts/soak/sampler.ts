/**
 * What the soak watches inside the gateway while the load runs, once a second: RSS (from /proc, else
 * /metrics), the largest event-loop delay, and the resilience metrics that explain the answers (circuit
 * state, retries, bulkhead refusals, billed calls). Metrics that the gateway does not expose stay null.
 */
import { residentBytes, scrapeMetrics } from './gateway.js';
import { sixPoints } from './report.js';

const LAG = 'nodejs_eventloop_lag_max_seconds';
const RSS = 'process_resident_memory_bytes';
const CIRCUIT = 'dqe_circuit_open';
const CPU = 'process_cpu_seconds_total';
const HEAP = 'nodejs_heap_size_used_bytes';
const MAJOR_GCS = 'nodejs_gc_duration_seconds_count{kind="major"}';
const COUNTERS = ['dqe_calls_total', 'dqe_retries_total', 'dqe_bulkhead_rejected_total', CPU] as const;

export interface Upstream {
  /** Billed /IDMOBILE/ calls, retries, bulkhead refusals (counters at the end of the run). */
  dqeCalls: number | null;
  retries: number | null;
  bulkheadRejected: number | null;
  /** Share of the one-second samples in which the circuit breaker was open (or half-open), in %. */
  circuitOpenPercent: number | null;
  /** The circuit at each one-second sample: `.` closed, `O` open, `h` half-open. */
  circuitTimeline: string;
  /** CPU seconds the gateway process used during the run (user + system), from prom-client. */
  cpuSeconds: number | null;
}

export class GatewaySampler {
  lagMaxMs: number | null = null;
  scrapeFailures = 0;
  readonly rssSamples: number[] = [];
  /**
   * V8 heap in use at the first scrape after each major GC: close to the live set, so a leak shows as a
   * rising series, where RSS alone also moves with what V8 and the allocator keep in reserve.
   */
  readonly heapAfterMajorGc: number[] = [];
  majorGcs = 0;
  #majorGcsSeen: number | undefined;
  #lastMetricsRss: number | undefined;
  #circuitSamples = 0;
  #circuitOpen = 0;
  #timeline = '';
  #counters = new Map<string, number>();
  #cpuAtStart: number | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly origin: string,
    private readonly pid: number | undefined,
    private readonly gone: () => boolean,
  ) {}

  /** RSS now, in bytes: /proc on Linux, else the last value /metrics gave. */
  rss(): number | undefined {
    return residentBytes(this.pid) ?? this.#lastMetricsRss;
  }

  /** Starts sampling. The first scrape is discarded: its event-loop delays are start-up's (module loading). */
  async start(): Promise<void> {
    await this.scrape();
    this.lagMaxMs = null;
    this.#cpuAtStart = this.#counters.get(CPU);
    this.#circuitSamples = 0;
    this.#circuitOpen = 0;
    this.#timeline = '';
    this.#timer = setInterval(() => {
      void this.scrape();
      const now = this.rss();
      if (now !== undefined) this.rssSamples.push(now);
    }, 1000);
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.scrape();
  }

  async scrape(): Promise<void> {
    try {
      const sample = await scrapeMetrics(this.origin, [LAG, RSS, HEAP, MAJOR_GCS, CIRCUIT, ...COUNTERS]);
      const lag = sample.get(LAG);
      if (lag !== undefined) this.lagMaxMs = Math.max(this.lagMaxMs ?? 0, lag * 1000);
      this.#lastMetricsRss = sample.get(RSS) ?? this.#lastMetricsRss;
      const heap = sample.get(HEAP);
      const majors = sample.get(MAJOR_GCS);
      if (majors !== undefined && this.#majorGcsSeen !== undefined && majors > this.#majorGcsSeen) {
        this.majorGcs += majors - this.#majorGcsSeen;
        if (heap !== undefined) this.heapAfterMajorGc.push(heap);
      }
      this.#majorGcsSeen = majors ?? this.#majorGcsSeen;
      const circuit = sample.get(CIRCUIT);
      if (circuit !== undefined) {
        this.#circuitSamples++;
        if (circuit > 0) this.#circuitOpen++;
        this.#timeline += circuit >= 1 ? 'O' : circuit > 0 ? 'h' : '.';
      }
      for (const name of COUNTERS) {
        const value = sample.get(name);
        if (value !== undefined) this.#counters.set(name, value);
      }
    } catch {
      if (!this.gone()) this.scrapeFailures++;
    }
  }

  upstream(): Upstream {
    const counter = (name: (typeof COUNTERS)[number]) => this.#counters.get(name) ?? null;
    return {
      dqeCalls: counter('dqe_calls_total'),
      retries: counter('dqe_retries_total'),
      bulkheadRejected: counter('dqe_bulkhead_rejected_total'),
      cpuSeconds:
        this.#cpuAtStart === undefined ? null : Math.round((counter(CPU)! - this.#cpuAtStart) * 10) / 10,
      circuitTimeline: this.#timeline,
      circuitOpenPercent:
        this.#circuitSamples === 0 ? null : Math.round((100 * this.#circuitOpen) / this.#circuitSamples),
    };
  }
}

const mb = (bytes: number | undefined) => Math.round((bytes ?? 0) / 1048576);

/** One gateway's memory over the run: RSS from the load's start to its end, and the heap after major GCs. */
export function rssFigures(sampler: GatewaySampler, rssStart: number | undefined, boundMb: number) {
  const rssEnd = sampler.rss();
  const peak = Math.max(rssStart ?? 0, rssEnd ?? 0, ...sampler.rssSamples);
  return {
    rssMb: {
      start: mb(rssStart),
      peak: mb(peak),
      end: mb(rssEnd),
      growth: mb(rssEnd) - mb(rssStart),
      bound: boundMb,
      trend: sixPoints([rssStart ?? 0, ...sampler.rssSamples, rssEnd ?? 0]).map(mb),
    },
    heapAfterMajorGcMb: {
      majorGcs: sampler.majorGcs,
      trend: sixPoints(sampler.heapAfterMajorGc).map(mb),
    },
  };
}

const total = (values: (number | null)[]) =>
  values.every((v) => v === null) ? null : values.reduce<number>((sum, v) => sum + (v ?? 0), 0);

/** The fleet's upstream: counters and CPU summed, the circuit as the worst replica saw it. */
export function fleetUpstream(replicas: readonly Upstream[]): Upstream {
  if (replicas.length === 1) return replicas[0]!;
  const open = replicas.map((u) => u.circuitOpenPercent).filter((p) => p !== null);
  return {
    dqeCalls: total(replicas.map((u) => u.dqeCalls)),
    retries: total(replicas.map((u) => u.retries)),
    bulkheadRejected: total(replicas.map((u) => u.bulkheadRejected)),
    cpuSeconds: total(replicas.map((u) => u.cpuSeconds)),
    circuitOpenPercent: open.length === 0 ? null : Math.max(...open),
    circuitTimeline: replicas.map((u) => u.circuitTimeline).join(' | '),
  };
}

type Shutdown = { code: number | null; signal: NodeJS.Signals | null; ms: number };

/** The fleet's shutdown: the first replica that did not exit 0, else the slowest. */
export function mergeShutdowns(replicas: readonly Shutdown[]): Shutdown {
  const failed = replicas.find((s) => s.code !== 0);
  return failed ?? replicas.reduce((slowest, s) => (s.ms > slowest.ms ? s : slowest));
}
