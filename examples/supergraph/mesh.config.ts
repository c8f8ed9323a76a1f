// npx mesh-compose -o supergraph.graphql (run from this folder)
import { defineConfig, loadGraphQLHTTPSubgraph } from '@graphql-mesh/compose-cli';

// Where the router will reach each subgraph; the schemas come from files, so no introspection is needed.
const idmobileUrl = process.env.IDMOBILE_URL ?? 'http://idmobile-gateway.internal:4000/graphql';
const onboardingUrl = process.env.ONBOARDING_URL ?? 'http://onboarding.internal:4001/graphql';

export const composeConfig = defineConfig({
  subgraphs: [
    {
      sourceHandler: loadGraphQLHTTPSubgraph('idmobile', {
        endpoint: idmobileUrl,
        source: '../../schema/schema.graphql', // this repository's schema
      }),
    },
    {
      sourceHandler: loadGraphQLHTTPSubgraph('onboarding', {
        endpoint: onboardingUrl,
        source: './onboarding.graphql',
      }),
    },
  ],
});
