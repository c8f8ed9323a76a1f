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
    });
    expect(h.sandbox.requests).toHaveLength(0);
  } finally {
    await h.close();
  }
});
