import type { DocumentNode } from 'graphql';
import type { Gateway } from '../example-input.js';
import {
  MatchIdentityDocument,
  type MatchIdentityInput,
  type MatchIdentityMutation,
} from '../gql/graphql.js';
import { callGateway } from './call-gateway.js';
import { gatewayHeaders } from './match-identity.js';

/**
 * The id codegen embeds in each generated document (`persistedDocuments: true`). The generated type is a
 * plain TypedDocumentNode that does not declare `__meta__`, so `MatchIdentityDocument.__meta__!.hash`
 * does not compile: read it through a type that has it.
 */
export function documentId(document: DocumentNode): string {
  const { __meta__ } = document as DocumentNode & { __meta__?: { hash?: string } };
  if (!__meta__?.hash) throw new Error('not a document generated with persistedDocuments: true');
  return __meta__.hash;
}

/** matchIdentity by id only: what a persisted-only gateway accepts. */
export async function matchIdentityPersisted(gateway: Gateway, input: MatchIdentityInput) {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: gatewayHeaders(gateway, crypto.randomUUID()),
    body: JSON.stringify({ documentId: documentId(MatchIdentityDocument), variables: { input } }),
  });
  return (await callGateway<MatchIdentityMutation>(response)).matchIdentity;
}
