import { createApolloClient } from './apollo/client.js';
import { apolloMatchIdentity } from './apollo/match-identity.js';
import { camilleMartin, localGateway } from './example-input.js';
import { firstCall } from './fetch/first-call.js';
import { matchIdentity } from './fetch/match-identity.js';
import { matchIdentityPersisted } from './fetch/persisted.js';
import { handle } from './outcome.js';
import { createUrqlClient } from './urql/client.js';
import { urqlMatchIdentity } from './urql/match-identity.js';

/**
 * `node dist/main.js [phone number]`: one match through each client against IDMOBILE_URL
 * (IDMOBILE_API_KEY when the gateway wants a key), one JSON line per client.
 */
const phoneNumber = process.argv[2] ?? '+33600000001';
const input = camilleMartin(phoneNumber);
const gateway = localGateway;
const runs: Record<string, () => Promise<unknown>> = {
  'first-call': async () => (await firstCall(gateway, phoneNumber)).body,
  fetch: async () => handle(await matchIdentity(gateway, input)),
  'fetch-persisted': async () => handle(await matchIdentityPersisted(gateway, input)),
  apollo: async () =>
    handle(await apolloMatchIdentity(createApolloClient(gateway), input, crypto.randomUUID())),
  'apollo-persisted': async () =>
    handle(
      await apolloMatchIdentity(createApolloClient(gateway, { persisted: true }), input, crypto.randomUUID()),
    ),
  urql: async () =>
    handle(await urqlMatchIdentity(createUrqlClient(gateway), gateway, input, crypto.randomUUID())),
  'urql-persisted': async () =>
    handle(
      await urqlMatchIdentity(
        createUrqlClient(gateway, { persisted: true }),
        gateway,
        input,
        crypto.randomUUID(),
      ),
    ),
};
for (const [client, run] of Object.entries(runs)) {
  const line = await run().then(
    (result) => ({ client, result }),
    (error: Error) => ({ client, error: `${error.constructor.name}: ${error.message}` }),
  );
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
