/**
 * The fleet's one Redis connection (ioredis): every shared store (idempotency, rate limit, entity store,
 * DQE token) talks to Redis through `roundTrip`, which counts and times each round trip and fails fast
 * when Redis is away — never a queue of commands waiting for a reconnect, so a request never waits on a
 * dead store longer than `REDIS_TIMEOUT_MS`. What each store does when Redis fails is decided by the
 * store, next to its in-memory twin; src/redis/fallback-policy.ts is the one table of them.
 */
import { Redis } from 'ioredis';
import type { RedisSettings } from '../config/index.js';
import { inSpan, SpanKind } from '../observability/spans.js';

export type RedisState = 'connecting' | 'up' | 'down';

export interface SharedRedisHooks {
  /** After each round trip (a command, a script or a pipeline): the store operation and its outcome. */
  onRoundTrip?(operation: string, outcome: 'ok' | 'error', ms: number): void;
  /** When the connection comes up or goes down (a log line, the `redis_up` gauge). */
  onStateChange?(state: RedisState): void;
}

/** A Lua script run by EVALSHA (EVAL again when a restarted Redis has lost its script cache). */
export type RedisScript = (keys: readonly string[], args: readonly (string | number)[]) => Promise<unknown>;

export class RedisUnavailableError extends Error {
  constructor(operation: string, cause: unknown) {
    // Our own words only: ioredis messages may carry the host, never the URL's credentials, but keep to ids.
    super(`Redis round trip failed (${operation})`, { cause });
  }
}

// Reconnection with exponential backoff, capped: a Redis that comes back is found within 2 s.
const reconnectDelay = (attempt: number) => Math.min(50 * 2 ** Math.min(attempt, 6), 2_000);

/**
 * ioredis attaches a failed command's arguments to its errors (`error.command.args`): a DQE token, an
 * entity store's phone number. Dropped from the whole cause chain, for every store at once, so that
 * logging the error can never show them.
 */
function forgetArguments(error: unknown): void {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth += 1) {
    const command: unknown = (current as { command?: unknown }).command;
    if (typeof command === 'object' && command !== null && 'args' in command) {
      (command as { args: unknown }).args = ['[redacted]'];
    }
    current = current.cause;
  }
}

export class SharedRedis {
  readonly client: Redis;
  readonly keyPrefix: string;
  readonly #hooks: SharedRedisHooks;
  #state: RedisState = 'connecting';
  #scripts = 0;

  constructor(settings: RedisSettings, hooks: SharedRedisHooks = {}) {
    this.keyPrefix = settings.keyPrefix;
    this.#hooks = hooks;
    this.client = new Redis(settings.url, {
      // Applied by ioredis to every key, script KEYS included: an ACL user can be limited to `idm:*`.
      keyPrefix: settings.keyPrefix,
      commandTimeout: settings.timeoutMs,
      connectTimeout: Math.max(settings.timeoutMs, 1_000),
      // Fail fast while disconnected: a request must get its fallback now, not after a reconnect.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: reconnectDelay,
      lazyConnect: false,
    });
    this.client.on('ready', () => this.#setState('up'));
    this.client.on('close', () => this.#setState('down'));
    this.client.on('end', () => this.#setState('down'));
    // Connection errors are expected while Redis is away; the state and the round trips report them.
    this.client.on('error', () => this.#setState('down'));
  }

  get state(): RedisState {
    return this.#state;
  }

  /** Resolves once the first connection is up, or rejects after `timeoutMs` (start-up log, tests). */
  async ready(timeoutMs = 5_000): Promise<void> {
    if (this.client.status === 'ready') return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.client.off('ready', onReady);
        reject(new Error(`Redis did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      this.client.once('ready', onReady);
    });
  }

  /**
   * One round trip: counted, timed, in a span (the store operation; never a key or an argument), and
   * turned into RedisUnavailableError when it fails.
   */
  roundTrip<T>(operation: string, command: (client: Redis) => Promise<T>): Promise<T> {
    const attributes = { 'db.system.name': 'redis', 'db.operation.name': operation };
    return inSpan(`redis ${operation}`, { kind: SpanKind.CLIENT, attributes }, () =>
      this.#roundTrip(operation, command),
    );
  }

  async #roundTrip<T>(operation: string, command: (client: Redis) => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const result = await command(this.client);
      this.#hooks.onRoundTrip?.(operation, 'ok', performance.now() - started);
      return result;
    } catch (error) {
      this.#hooks.onRoundTrip?.(operation, 'error', performance.now() - started);
      forgetArguments(error);
      throw new RedisUnavailableError(operation, error);
    }
  }

  /** Registers a Lua script; calling the result is one round trip (use it inside `roundTrip`). */
  defineScript(numberOfKeys: number, lua: string): RedisScript {
    const name = `idmScript${++this.#scripts}`;
    this.client.defineCommand(name, { numberOfKeys, lua });
    const client = this.client as unknown as Record<
      string,
      (...args: (string | number)[]) => Promise<unknown>
    >;
    return (keys, args) => client[name]!(...keys, ...args);
  }

  /** Closes the connection: QUIT when connected, otherwise at once. */
  async close(): Promise<void> {
    if (this.client.status === 'ready') {
      await this.client.quit().catch(() => this.client.disconnect());
    } else {
      this.client.disconnect();
    }
  }

  #setState(state: RedisState): void {
    if (state === this.#state) return;
    // 'close' and 'error' both fire while connecting fails: report the first one only.
    this.#state = state;
    this.#hooks.onStateChange?.(state);
  }
}
