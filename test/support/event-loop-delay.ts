import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as tick } from 'node:timers/promises';

const RESOLUTION_MS = 10;

/**
 * The longest event-loop stall (ms) while `work` runs. A stall is only recorded when the sampler's timer
 * fires late, so the sampler is given one period to start and one to fire after the work.
 */
export async function maxEventLoopDelayMs(work: () => unknown): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  try {
    await tick(2 * RESOLUTION_MS);
    await work();
    await tick(3 * RESOLUTION_MS);
  } finally {
    histogram.disable();
  }
  return histogram.max / 1e6;
}
