import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { type Listening, listen } from './listen.js';

/**
 * A second subgraph, as an onboarding service would write it: it stores the id of an identity match and
 * lets the router fetch the decision from the IDMobile subgraph. It has its own generic `Error` type, the
 * kind of name our subgraph must not use, to prove the two compose. Its schema is the one
 * docs/clients.md shows, examples/supergraph/onboarding.graphql.
 */
export const APPLICATION_SDL = readFileSync(
  fileURLToPath(new URL('../../../examples/supergraph/onboarding.graphql', import.meta.url)),
  'utf8',
);

interface Application {
  id: string;
  identityMatchId: string;
}

export async function startApplicationSubgraph(): Promise<Listening> {
  const applications = new Map<string, Application>();
  const schema = buildSubgraphSchema({
    typeDefs: parse(APPLICATION_SDL),
    resolvers: {
      Query: { application: (_: unknown, { id }: { id: string }) => applications.get(id) ?? null },
      Mutation: {
        submitApplication: (_: unknown, { identityMatchId }: { identityMatchId: string }) => {
          const application = { id: randomUUID(), identityMatchId };
          applications.set(application.id, application);
          return application;
        },
      },
      Application: {
        identityMatch: (application: Application) => ({ id: application.identityMatchId }),
        problems: () => [],
      },
    },
  });
  return listen(createYoga({ schema, logging: false }));
}
