/**
 * Bare Yoga: the gateway's framework with nothing of ours around it. graphql-yoga 5 with its defaults on
 * node:http, serving the peer schema (peer-schema.ts: the Apollo peer's SDL and resolver, so the same
 * input checks, DQE call and mapping as the gateway). The gateway's distance to it is the price of
 * everything the gateway adds (authentication, limits, logs, metrics, the service layer, Pothos).
 */
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';
import { peerResolvers, typeDefs } from './peer-schema.js';

const yoga = createYoga({ schema: createSchema({ typeDefs, resolvers: peerResolvers() }) });

createServer(yoga).listen(Number(process.env.PORT), '127.0.0.1');
