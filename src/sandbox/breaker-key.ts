/**
 * Circuit-breaker keys for the embedded sandbox (ResilienceOptions.breakerKey). Each error or fault
 * number gets a breaker of its own: hammering +33600001099 opens the circuit for that number only, so a
 * client can see what an open circuit answers while good numbers and the other fault numbers keep
 * working. Every other number shares the main breaker, the one /ready and the metrics describe.
 */
import type { DqeMatchRequest } from '../dqe/types.js';
import { isScoreScenario, scenarioFor } from './magic-numbers.js';
import { checkPhone } from './phone.js';

export function sandboxBreakerKey(request: Pick<DqeMatchRequest, 'number' | 'country'>): string | undefined {
  // The sandbox's own reading of the number, whatever DQE_NUMBER_FORMAT the gateway sends it in.
  const phone = checkPhone(request.number, request.country);
  if (!phone.ok || isScoreScenario(scenarioFor(phone.e164))) return undefined;
  return phone.e164;
}
