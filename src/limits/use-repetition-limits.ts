import {
  BREAK,
  type DirectiveNode,
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type SelectionSetNode,
  visit,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { operationTooComplex } from './use-operation-limits.js';

export interface RepetitionLimitsOptions {
  /** Times one response key may be selected in one selection set (inline fragments included). */
  maxFieldRepeats: number;
}

/**
 * Well above what a real document repeats (the full MatchIdentity operation selects `message` once per
 * error type, five times), far below what makes graphql-js's pairwise field-merging check costly.
 */
export const MAX_FIELD_REPEATS = 20;

/**
 * Refuses, before validation runs, documents that repeat one thing for little input — what scanners
 * call directive overloading and field duplication:
 * - a directive repeated on one node (`__typename @aa @aa …`), with one error: graphql-js would report
 *   each unknown repetition separately. Directives the schema declares `repeatable` may repeat.
 * - a response key selected more than `maxFieldRepeats` times in one selection set (`{ __typename
 *   __typename … }`), as OPERATION_TOO_COMPLEX: graphql-js compares such fields pairwise, measured at
 *   30–130 ms of CPU for a 20–30 KB document (a few hundred repetitions) before its own budget stops.
 */
export function useRepetitionLimits({ maxFieldRepeats }: RepetitionLimitsOptions): Plugin {
  // Yoga's parse cache hands out one DocumentNode per document text: each is walked once.
  const walked = new WeakMap<DocumentNode, Repetition | undefined>();
  return {
    onValidate({ params, setResult }) {
      const document = params.documentAST;
      if (!walked.has(document)) {
        walked.set(document, firstRepetition(document, params.schema, maxFieldRepeats));
      }
      const problem = walked.get(document);
      if (problem?.kind === 'directive') {
        const name = problem.directive.name.value;
        setResult([
          new GraphQLError(`The directive "@${name}" can only be used once at this location.`, {
            nodes: [problem.directive],
          }),
        ]);
      } else if (problem) {
        setResult([operationTooComplex()]);
      }
    },
  };
}

type Repetition = { kind: 'directive'; directive: DirectiveNode } | { kind: 'field' };

function firstRepetition(
  document: DocumentNode,
  schema: GraphQLSchema,
  maxFieldRepeats: number,
): Repetition | undefined {
  let found: Repetition | undefined;
  visit(document, {
    enter(node) {
      if (node.kind === Kind.SELECTION_SET && mostRepeatedKey(node) > maxFieldRepeats) {
        found = { kind: 'field' };
        return BREAK;
      }
      if (!('directives' in node) || !node.directives || node.directives.length < 2) return;
      const seen = new Set<string>();
      for (const directive of node.directives) {
        const name = directive.name.value;
        if (seen.has(name) && !schema.getDirective(name)?.isRepeatable) {
          found = { kind: 'directive', directive };
          return BREAK;
        }
        seen.add(name);
      }
    },
  });
  return found;
}

/** How often the most repeated response key (or fragment spread) occurs; inline fragments merge in. */
function mostRepeatedKey(selectionSet: SelectionSetNode): number {
  const counts = new Map<string, number>();
  let most = 0;
  const count = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        count(selection.selectionSet);
        continue;
      }
      const key =
        selection.kind === Kind.FIELD
          ? (selection.alias ?? selection.name).value
          : `...${selection.name.value}`;
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      most = Math.max(most, n);
    }
  };
  count(selectionSet);
  return most;
}
