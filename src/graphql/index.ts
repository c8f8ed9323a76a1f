import { builder } from './builder.js';
import './scalars.js';
import './field-match.js';
import './identity-match.js';
import './match-identity-input.js';
import './match-errors.js';
import './match-identity.js';
import './capabilities.js';

/** The gateway's GraphQL schema; `npm run codegen` prints it to schema/schema.graphql. */
export const schema = builder.toSchema({ sortSchema: false });
