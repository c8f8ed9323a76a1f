import { type DocumentNode, getOperationAST } from 'graphql';

export interface OperationLabels {
  operationName: string;
  operationType: string;
}

/** Operation names are the client's choice: past this many distinct ones, new names count as 'other'. */
export const MAX_OPERATION_NAMES = 100;

/**
 * Metric labels of a GraphQL operation, from the parsed document only. The operation name must name an
 * operation of the document (a free-text `operationName` in the request body could carry anything, a
 * phone number included); nothing from variables, arguments, aliases or response paths is ever used.
 */
export class OperationLabeller {
  readonly #seen = new Set<string>();

  constructor(private readonly maxNames = MAX_OPERATION_NAMES) {}

  of(document: DocumentNode | undefined, requestedName: unknown): OperationLabels {
    const operation = document
      ? getOperationAST(document, typeof requestedName === 'string' && requestedName ? requestedName : null)
      : null;
    if (!operation) return { operationName: 'unknown', operationType: 'unknown' };
    return {
      operationName: this.#bounded(operation.name?.value ?? 'Anonymous'),
      operationType: operation.operation,
    };
  }

  /** The name when it is already known or there is still room for it; 'other' after that. */
  #bounded(name: string): string {
    if (this.#seen.has(name)) return name;
    if (this.#seen.size >= this.maxNames) return 'other';
    this.#seen.add(name);
    return name;
  }
}
