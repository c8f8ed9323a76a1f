/**
 * The peer: what a team would write instead of this gateway. Apollo Server 5 standalone serving the peer
 * schema (peer-schema.ts: the same upstream call and mapping as the gateway). Apollo's defaults are kept
 * (CSRF prevention, landing page), as a user would.
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { peerResolvers, typeDefs } from './peer-schema.js';

const server = new ApolloServer({ typeDefs, resolvers: peerResolvers() });

await startStandaloneServer(server, { listen: { port: Number(process.env.PORT), host: '127.0.0.1' } });
