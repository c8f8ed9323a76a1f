import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface OperationLimitsOptions {
  /** Deepest selection path. Default 8 (the deepest path of this schema is 5). */
  maxDepth?: number;
  /** Lexical tokens in a document (bounds parsing work). Default 3000. */
  maxTokens?: number;
  /** Aliases in an operation. Default 40. */
  maxAliases?: number;
  /** Directives in an operation. Default 20. */
  maxDirectives?: number;
  /** graphql-armor's cost (objects 2, scalars 1, ×1.5 per level). Default 5000. */
  maxCost?: number;
  /** Replace "Did you mean …?" in errors, which lists fields an outsider should not learn. */
  blockFieldSuggestions: boolean;
}

/**
 * Defaults measured on this schema's real operations (`test/operations/*.graphql`, the GraphiQL example):
 * the full MatchIdentity operation is 145 tokens, depth 5, 2 aliases, cost 280; ten of them aliased in one
 * document are 1415 tokens, 30 aliases, cost 2803 — legitimate, so they pass with room to spare. The
 * billed work itself is bounded by the per-client rate limit, not here.
 */
export const OPERATION_LIMIT_DEFAULTS = {
  maxDepth: 8,
  maxTokens: 3000,
  maxAliases: 40,
  maxDirectives: 20,
  maxCost: 5000,
} as const;

// One message for every refusal: naming the limit or the measured value would help someone tune an attack.
const REFUSED = 'The operation is too large or too complex.';

/** The refusal of every operation limit (HTTP 400 as a validation error). */
export const operationTooComplex = () =>
  new GraphQLError(REFUSED, { extensions: { code: 'OPERATION_TOO_COMPLEX' } });

/** graphql-armor's depth, token, alias, directive and cost limits; limits never appear in messages. */
export function useOperationLimits(options: OperationLimitsOptions): Plugin {
  const limits = { ...OPERATION_LIMIT_DEFAULTS, ...withoutUndefined(options) };
  // Armor throws out of graphql-js's validate by default, which Yoga answers with HTTP 200 and a
  // "Syntax Error" prefix. Reported as a validation error instead, it is a 400 like any invalid
  // operation, and said once however many limits the operation exceeds.
  const reported = new WeakSet<ValidationContext>();
  const asValidationError = {
    exposeLimits: false,
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null) => {
        if (!context || reported.has(context)) return;
        reported.add(context);
        context.reportError(operationTooComplex());
      },
    ],
  };
  return EnvelopArmorPlugin({
    maxDepth: { n: limits.maxDepth, ...asValidationError },
    // Armor skips `__typename` aliases by default; each alias is executed all the same, so each counts.
    maxAliases: { n: limits.maxAliases, allowList: [], ...asValidationError },
    maxDirectives: { n: limits.maxDirectives, ...asValidationError },
    costLimit: { maxCost: limits.maxCost, ...asValidationError },
    // Counted while parsing, before there is a validation context: armor's parse error (HTTP 400).
    maxTokens: { n: limits.maxTokens, exposeLimits: false, errorMessage: REFUSED },
    blockFieldSuggestion: { enabled: options.blockFieldSuggestions },
  });
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
