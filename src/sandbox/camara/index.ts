/**
 * The embedded CAMARA KYC Match sandbox: a loopback HTTP server with a client-credentials token endpoint
 * and the match endpoint, published magic numbers for every outcome and error (README "CAMARA sandbox").
 */
export {
  CAMARA_MAGIC_NUMBERS,
  type CamaraMagicNumber,
  type CamaraScenario,
  camaraSandboxBreakerKey,
  camaraScenarioFor,
  SANDBOX_ID_DOCUMENT,
  SANDBOX_RETRY_AFTER_SECONDS,
} from './magic-numbers.js';
export {
  CAMARA_MATCH_PATH,
  CAMARA_TOKEN_PATH,
  type CamaraSandbox,
  type CamaraSandboxOptions,
  type CamaraSandboxRequest,
  startCamaraSandbox,
} from './server.js';
export { CAMARA_SANDBOX_CREDENTIALS } from './token-endpoint.js';
