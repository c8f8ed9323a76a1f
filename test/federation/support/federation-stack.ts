import { createHash } from 'node:crypto';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { ROUTER_SECRET_HEADER } from '../../../src/auth/router-secret.js';
import { type Harness, startHarness } from '../../support/gateway-harness.js';
import { startApplicationSubgraph } from './application-subgraph.js';
import { type Listening, listen } from './listen.js';

export const ROUTER_SECRET = 'router-secret-for-federation-tests-0123456789';
export const APP_KEY = 'idm_federation-app-key';

/** The headers a router configured with ROUTER_SHARED_SECRET sends to the IDMobile subgraph. */
export const ROUTER_HEADERS = { [ROUTER_SECRET_HEADER]: ROUTER_SECRET };

export interface FederationStack {
  harness: Harness;
  idmobile: Listening;
  applications: Listening;
  supergraphSdl: string;
  close(): Promise<void>;
}

/**
 * Our gateway as production runs it — client authentication on, persisted operations only, a router
 * secret — served over loopback HTTP beside a second subgraph, and the supergraph composed from the SDL
 * each subgraph reports through `_service`, as `rover` or IntrospectAndCompose would fetch it.
 */
export async function startFederationStack(): Promise<FederationStack> {
  const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
  const harness = await startHarness({
    env: {
      GATEWAY_API_KEYS: `app:${sha256(APP_KEY)}`,
      ROUTER_SHARED_SECRET: ROUTER_SECRET,
      PERSISTED_OPERATIONS_FILE: 'test/generated/persisted-documents.json',
      PERSISTED_OPERATIONS_ONLY: 'true',
      // Upstream failures are provoked on purpose here; retries and the breaker are tested elsewhere.
      DQE_MAX_RETRIES: '0',
      DQE_BREAKER_THRESHOLD: '1000',
    },
  });
  const idmobile = await listen(harness.gateway);
  const applications = await startApplicationSubgraph();
  const composed = composeServices([
    { name: 'idmobile', url: idmobile.url, typeDefs: parse(await serviceSdl(idmobile.url, ROUTER_HEADERS)) },
    { name: 'applications', url: applications.url, typeDefs: parse(await serviceSdl(applications.url)) },
  ]);
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  return {
    harness,
    idmobile,
    applications,
    supergraphSdl: composed.supergraphSdl,
    async close() {
      await idmobile.close();
      await applications.close();
      await harness.close();
    },
  };
}

/** `_service { sdl }` over HTTP. */
export async function serviceSdl(url: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  });
  const body = (await response.json()) as { data?: { _service: { sdl: string } }; errors?: unknown };
  if (!body.data) throw new Error(`_service failed at ${url}: ${JSON.stringify(body.errors)}`);
  return body.data._service.sdl;
}
