/**
 * The soak's traffic mix: each request picks a scenario by weight, and the scenario builds the
 * `matchIdentity` input. Fault scenarios use the sandbox's published magic numbers
 * (src/sandbox/magic-numbers.ts), so the faults are injected where a real DQE would fail: upstream.
 */

/** Small, fast, seedable PRNG (mulberry32): the same seed replays the same sequence of scenarios. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Scenario {
  name: string;
  /** Relative weight; the default mix sums to 100, so weights read as percentages. */
  weight: number;
  input: (random: () => number) => Record<string, unknown>;
}

const FIRST_NAMES = ['Camille', 'Léa', 'Hugo', 'Inès', 'Lucas', 'Chloé', 'Nathan', 'Manon'];
const LAST_NAMES = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand'];

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

function userInfos(random: () => number, birthdate = '1990-05-17') {
  const firstName = pick(random, FIRST_NAMES);
  const lastName = pick(random, LAST_NAMES);
  return {
    firstName,
    lastName,
    birthdate,
    gender: random() < 0.5 ? 'FEMALE' : 'MALE',
    // ASCII local part: `léa.martin@…` is refused as an e-mail address, and this scenario is not about that.
    email: `${firstName}.${lastName}@example.com`
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase(),
    postalCode: '75002',
    locality: 'Paris',
    country: 'France',
  };
}

/**
 * A random valid French mobile outside the magic block +33 6 00 00 xx xx: the sandbox answers FULL_MATCH.
 * The second digit avoids 3 and 9, where libphonenumber only accepts some ranges. Every request gets a
 * different number (and names), so nothing downstream can answer it from a cache or a dedupe.
 */
function randomMobile(random: () => number): string {
  const digits = Array.from({ length: 7 }, () => Math.floor(random() * 10)).join('');
  return `+336${pick(random, ['1', '2', '4', '5', '6', '7', '8'])}${digits}`;
}

/** A scenario that sends a fixed (magic) number with random names. */
const magic = (name: string, weight: number, e164: string): Scenario => ({
  name,
  weight,
  input: (random) => ({ phoneNumber: e164, userInfos: userInfos(random) }),
});

export const DEFAULT_MIX: readonly Scenario[] = [
  {
    name: 'full-match (random number)',
    weight: 50,
    input: (r) => ({ phoneNumber: randomMobile(r), userInfos: userInfos(r) }),
  },
  magic('full-match +33600000000', 5, '+33600000000'),
  magic('partial-match', 10, '+33600000001'),
  magic('not-available', 3, '+33600000003'),
  magic('no-match', 3, '+33600000005'),
  magic('slow (SANDBOX_SLOW_RESPONSE_MS)', 2, '+33600002003'),
  magic('HTTP 500', 5, '+33600002000'),
  magic('HTTP 502 empty', 1, '+33600002002'),
  magic('HTTP 503 (DQE 99 body)', 1, '+33600002008'),
  magic('hang', 2, '+33600002004'),
  magic('reset', 1, '+33600002005'),
  magic('truncated body', 2, '+33600002006'),
  magic('DQE 16 operator unreachable', 3, '+33600001016'),
  magic('DQE 99 internal error', 3, '+33600001099'),
  magic('DQE 10 invalid number', 3, '+33600001010'),
  {
    name: 'input error: bad phone',
    weight: 2,
    input: (r) => ({ phoneNumber: '12-not-a-phone', userInfos: userInfos(r) }),
  },
  {
    name: 'input error: future birthdate',
    weight: 2,
    input: (r) => ({ phoneNumber: randomMobile(r), userInfos: userInfos(r, '2999-01-01') }),
  },
  // Caught by the Date scalar before any resolver runs: a GraphQL request error (HTTP 400), not a union member.
  {
    name: 'bad Date (GraphQL error)',
    weight: 2,
    input: (r) => ({ phoneNumber: randomMobile(r), userInfos: userInfos(r, '1990-02-30') }),
  },
];

/** Picks scenarios by weight. */
export function scenarioPicker(mix: readonly Scenario[], random: () => number): () => Scenario {
  const total = mix.reduce((sum, s) => sum + s.weight, 0);
  return () => {
    let left = random() * total;
    for (const scenario of mix) {
      left -= scenario.weight;
      if (left < 0) return scenario;
    }
    return mix[mix.length - 1]!;
  };
}

/** The operation sent: enough of each union member to tell them apart and see that they are complete. */
export const MATCH_OPERATION = /* GraphQL */ `
  mutation Soak($input: MatchIdentityInput!) {
    matchIdentity(input: $input) {
      __typename
      ... on IdentityMatch { id decision overallScore }
      ... on MatchError { message }
      ... on MobileOperatorError { retryable }
      ... on MatchServiceUnavailableError { retryable retryAfterSeconds }
    }
  }
`;
