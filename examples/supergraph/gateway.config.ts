// npx hive-gateway supergraph (run from this folder, after mesh-compose)
import { defineConfig } from '@graphql-hive/gateway';

const routerSecret = process.env.ROUTER_SHARED_SECRET; // the same value as the IDMobile gateway's

export const gatewayConfig = defineConfig({
  supergraph: './supergraph.graphql',
  propagateHeaders: {
    fromClientToSubgraphs({ request, subgraphName }) {
      if (subgraphName !== 'idmobile') return;
      // Headers whose value is null or undefined are not sent.
      return {
        'x-router-secret': routerSecret,
        authorization: request.headers.get('authorization'),
        'idempotency-key': request.headers.get('idempotency-key'),
        'x-request-id': request.headers.get('x-request-id'),
      };
    },
  },
});
