import { expect, it } from 'vitest';
import { takeLeaked } from '../setup/unhandled-guard.js';

it('the test-wide guard records a rejection nobody handled', async () => {
  void Promise.reject(new Error('nobody listens'));
  await new Promise((resolve) => setImmediate(resolve));
  const leaked = takeLeaked();
  expect(leaked).toHaveLength(1);
  expect(String(leaked[0])).toContain('nobody listens');
});
