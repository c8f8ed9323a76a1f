import { describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../../src/config/index.js';
import { billedCallLimiter } from '../../src/limits/index.js';

const config = (env: Record<string, string>): Config => {
  const loaded = loadConfig({ RATE_LIMIT_PER_MINUTE: '1', ...env });
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  return loaded.config;
};
const KEYS = { GATEWAY_API_KEYS: `a:${'0'.repeat(64)}` };

describe('billedCallLimiter', () => {
  it('counts every refusal in the rate-limit metric', async () => {
    let refusals = 0;
    const limiter = billedCallLimiter(config(KEYS), {
      sandbox: false,
      metrics: { rateLimited: () => refusals++ },
    });
    await limiter?.admit('a');
    await limiter?.admit('a');
    await limiter?.admit('a');
    expect(refusals).toBe(2);
  });

  it('limits a real DQE even in open access, and the sandbox once clients authenticate', () => {
    expect(billedCallLimiter(config({}), { sandbox: false })).toBeDefined();
    expect(billedCallLimiter(config(KEYS), { sandbox: true })).toBeDefined();
  });

  it('leaves the open sandbox unlimited: nothing is billed and every caller is the same client', () => {
    expect(billedCallLimiter(config({}), { sandbox: true })).toBeUndefined();
  });
});
