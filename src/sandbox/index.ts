/**
 * The embedded DQE IDMobile sandbox: a loopback HTTP server that behaves like DQE's `/ACCESS_TOKEN/`
 * and `/IDMOBILE/` (scope matching_notp), with published magic numbers for every outcome.
 */
export { sandboxBreakerKey } from './breaker-key.js';
export { SANDBOX_CREDENTIALS } from './credentials.js';
export {
  type ErrorScenario,
  type FaultScenario,
  MAGIC_NUMBERS,
  type MagicNumber,
  type SandboxScenario,
  type ScoreScenario,
} from './magic-numbers.js';
export { startDqeSandbox } from './server.js';
export type { DqeSandbox, DqeSandboxOptions, SandboxRequest } from './types.js';
