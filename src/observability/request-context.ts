import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written while serving a request carries, whoever writes it (us, Yoga, a plugin). */
export interface RequestLogContext {
  requestId: string;
}

export const requestContext = new AsyncLocalStorage<RequestLogContext>();
