import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import type { GatewayContext } from './context.js';

/** The one Pothos builder: plugins, scalars and context type live here; types live one per file beside it. */
export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  DefaultFieldNullability: false;
  Scalars: {
    Date: { Input: string; Output: string };
    CountryCode: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date };
  };
}>({
  plugins: [ErrorsPlugin],
  defaultFieldNullability: false,
  errors: { defaultTypes: [] },
});

builder.queryType({ description: 'Read-only entry points.' });
builder.mutationType({ description: 'Entry points that call DQE (each may be a billed call).' });
