import { expect, it } from 'vitest';
import { MAGIC_NUMBERS } from '../../src/sandbox/index.js';
import { MatchingCapabilitiesDocument } from '../generated/graphql.js';
import { startHarness } from '../support/gateway-harness.js';

it('reports compared fields, thresholds in force, the sandbox flag and its magic numbers', async () => {
  const h = await startHarness({ env: { MATCH_THRESHOLD: '85', PARTIAL_MATCH_THRESHOLD: '55' } });
  try {
    const result = await h.execute(MatchingCapabilitiesDocument);
    expect(result.errors).toBeUndefined();
    const capabilities = result.data!.matchingCapabilities;
    expect(capabilities).toMatchObject({
      comparedFields: [
        'LAST_NAME',
        'FIRST_NAME',
        'BIRTHDATE',
        'GENDER',
        'EMAIL',
        'STREET_ADDRESS',
        'POSTAL_CODE',
        'LOCALITY',
        'COUNTRY',
      ],
      matchThreshold: 85,
      partialMatchThreshold: 55,
      requiredFields: ['LAST_NAME', 'FIRST_NAME', 'BIRTHDATE'],
      sandbox: true,
    });
    expect(capabilities.sandboxPhoneNumbers).toHaveLength(MAGIC_NUMBERS.length);
    expect(capabilities.sandboxPhoneNumbers[0]).toEqual({
      phoneNumber: '+33600000000',
      scenario: 'FULL_MATCH',
      description: expect.any(String),
      clientReceives: '`IdentityMatch` `ACCEPT` — every field MATCH (score 100), overallScore 100',
      clientExpectation: {
        typename: 'IdentityMatch',
        code: null,
        decision: 'ACCEPT',
        retryable: false,
        note: 'every field MATCH (score 100), overallScore 100',
      },
    });
    const credits = capabilities.sandboxPhoneNumbers.find((n) => n.scenario === 'ERROR_98');
    expect(credits).toMatchObject({
      phoneNumber: '+33600001098',
      clientExpectation: {
        typename: 'MatchServiceUnavailableError',
        code: 'SERVICE_REFUSED',
        decision: null,
        retryable: false,
      },
    });
    expect(credits!.clientReceives).toMatch(
      /^`MatchServiceUnavailableError` `SERVICE_REFUSED` — not retryable; /,
    );
    expect(h.sandbox.requests).toHaveLength(0);
  } finally {
    await h.close();
  }
});
