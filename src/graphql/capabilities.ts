import { type ClientExpectation, clientReceivesLine, clientReceivesOf } from '../sandbox/client-receives.js';
import { MAGIC_NUMBERS, type MagicNumber } from '../sandbox/magic-numbers.js';
import type { MatchCapabilities, ProviderCapabilities } from '../service/identity-matcher.js';
import { builder } from './builder.js';
import { IdentityFieldEnum } from './field-match.js';
import { MatchDecisionEnum, MatchProviderEnum } from './identity-match.js';
import { MatchErrorCodeEnum } from './match-error-code.js';

const SandboxClientExpectationRef = builder
  .objectRef<ClientExpectation>('SandboxClientExpectation')
  .implement({
    description:
      'What a client receives for a sandbox phone number, given every user field filled (the README example input) and the default configuration.',
    fields: (t) => ({
      typename: t.exposeString('typename', {
        description: 'The `__typename` of the `matchIdentity` result.',
      }),
      code: t.field({
        type: MatchErrorCodeEnum,
        nullable: true,
        description: 'The `code` of the MatchError member; null for an IdentityMatch.',
        resolve: (e) => (e.typename === 'IdentityMatch' ? null : e.code),
      }),
      decision: t.field({
        type: MatchDecisionEnum,
        nullable: true,
        description: 'The `decision` of the IdentityMatch; null for an error.',
        resolve: (e) => (e.typename === 'IdentityMatch' ? e.decision : null),
      }),
      retryable: t.exposeBoolean('retryable', { description: 'Worth a retry (false for an IdentityMatch).' }),
      note: t.exposeString('note', { description: 'One short line on what else to expect.' }),
    }),
  });

const SandboxPhoneNumberRef = builder.objectRef<MagicNumber>('SandboxPhoneNumber').implement({
  description: 'A phone number with a fixed behaviour in the embedded DQE sandbox.',
  fields: (t) => ({
    phoneNumber: t.exposeString('e164', { description: 'The number, in E.164.' }),
    scenario: t.exposeString('scenario', { description: 'Short name of the behaviour.' }),
    description: t.exposeString('description', { description: 'What the sandbox answers for it.' }),
    clientReceives: t.string({
      description:
        'What a client of this gateway receives for it, in one line: `TypeName` `CODE_OR_DECISION` — note (see `clientExpectation`).',
      resolve: (m) => clientReceivesLine(clientReceivesOf(m.scenario)),
    }),
    clientExpectation: t.field({
      type: SandboxClientExpectationRef,
      description: 'What a client of this gateway receives for it, field by field.',
      resolve: (m) => clientReceivesOf(m.scenario),
    }),
  }),
});

const ProviderCapabilitiesRef = builder
  .objectRef<ProviderCapabilities>('MatchProviderCapabilities')
  .implement({
    description: 'A configured provider: where MATCH_ROUTES sends numbers to it, and what it compares.',
    fields: (t) => ({
      provider: t.field({
        type: MatchProviderEnum,
        description: 'The provider.',
        resolve: (p) => (p.provider === 'camara' ? 'CAMARA' : 'DQE'),
      }),
      routes: t.stringList({
        description:
          'The route selectors naming it (ISO 3166-1 alpha-2 countries of the phone number, `*` for every other one), as first choice or fallback.',
        resolve: (p) => p.routes,
      }),
      comparedFields: t.field({
        type: [IdentityFieldEnum],
        description: 'The fields it compares.',
        resolve: (p) => [...p.comparedFields],
      }),
    }),
  });

const MatchingCapabilitiesRef = builder.objectRef<MatchCapabilities>('MatchingCapabilities').implement({
  description: 'What this gateway compares and how it decides, as configured.',
  fields: (t) => ({
    comparedFields: t.field({
      type: [IdentityFieldEnum],
      description: 'Fields DQE can score.',
      resolve: (c) => [...c.comparedFields],
    }),
    matchThreshold: t.exposeInt('matchThreshold', {
      description: 'Default score from which a field is a MATCH.',
    }),
    partialMatchThreshold: t.exposeInt('partialMatchThreshold', {
      description: 'Default score from which a field is a PARTIAL_MATCH.',
    }),
    requiredFields: t.field({
      type: [IdentityFieldEnum],
      description: 'Default fields the decision depends on.',
      resolve: (c) => [...c.requiredFields],
    }),
    providers: t.field({
      type: [ProviderCapabilitiesRef],
      description: 'The configured providers, their routes and the fields each compares.',
      resolve: (c) => [...c.providers],
    }),
    sandbox: t.exposeBoolean('sandbox', {
      description: 'True when answers come from the embedded DQE sandbox, not from DQE.',
    }),
    sandboxPhoneNumbers: t.field({
      type: [SandboxPhoneNumberRef],
      description: 'In sandbox mode, the phone numbers with a documented behaviour; empty otherwise.',
      resolve: (c) => (c.sandbox ? [...MAGIC_NUMBERS] : []),
    }),
  }),
});

builder.queryField('matchingCapabilities', (t) =>
  t.field({
    type: MatchingCapabilitiesRef,
    description: 'The fields compared, the thresholds in force and whether this is the sandbox.',
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx) => ctx.capabilities,
  }),
);
