import type { GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import { maskErrorWithoutInputEcho, redactInputEcho } from './use-redacted-input-errors.js';

/**
 * An error as a production response shows it — an unexpected error's own message replaced, input echoes
 * cut, Yoga's markers left out — for the traces (Apollo's ftv1, OpenTelemetry spans), which record
 * errors before Yoga masks the response: a trace never says more than the response.
 */
export function maskedForTrace(error: GraphQLError, message = 'Unexpected error.'): GraphQLError {
  // isDev false: development responses may carry a withheld-details stub; a trace carries none.
  const masked = maskErrorWithoutInputEcho(error, message, false) as GraphQLError;
  const { http: _http, unexpected: _unexpected, ...extensions } = masked.extensions ?? {};
  return createGraphQLError(redactInputEcho(masked.message), {
    nodes: masked.nodes,
    source: masked.source,
    positions: masked.positions,
    path: masked.path,
    extensions,
  });
}
