import {
  BREAK,
  type DirectiveNode,
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  visit,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Refuses a document that repeats a directive on one node (`__typename @aa @aa @aa …`) with one error,
 * before validation. graphql-js would report each unknown repetition separately: a few bytes of input
 * buy one error object each (the "directive overloading" a GraphQL scanner reports). Directives the
 * schema declares `repeatable` may repeat.
 */
export function useRepeatedDirectiveRefusal(): Plugin {
  return {
    onValidate({ params, setResult }) {
      const repeated = firstRepeatedDirective(params.documentAST, params.schema);
      if (repeated) {
        setResult([
          new GraphQLError(
            `The directive "@${repeated.name.value}" can only be used once at this location.`,
            {
              nodes: [repeated],
            },
          ),
        ]);
      }
    },
  };
}

function firstRepeatedDirective(document: DocumentNode, schema: GraphQLSchema): DirectiveNode | undefined {
  let found: DirectiveNode | undefined;
  visit(document, {
    enter(node) {
      if (!('directives' in node) || !node.directives || node.directives.length < 2) return;
      const seen = new Set<string>();
      for (const directive of node.directives) {
        const name = directive.name.value;
        if (seen.has(name) && !schema.getDirective(name)?.isRepeatable) {
          found = directive;
          return BREAK;
        }
        seen.add(name);
      }
    },
  });
  return found;
}
