import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** The part of Apollo Router's configuration examples/supergraph/router.yaml uses. */
export interface RouterYaml {
  headers: {
    subgraphs: Record<string, { request: HeaderRule[] }>;
  };
}
export type HeaderRule = { insert: { name: string; value: string } } | { propagate: { named: string } };

export function readRouterYaml(): RouterYaml {
  return parse(
    readFileSync(new URL('../../../examples/supergraph/router.yaml', import.meta.url), 'utf8'),
  ) as RouterYaml;
}

/**
 * The headers Apollo Router would send `subgraph` for a client request, by router.yaml's rules: `insert`
 * (with the router's `${env.NAME}` expansion) and `propagate` (when the client sent the header). Apollo
 * Router itself is a binary this machine does not have; Apollo Gateway applies these rules in its place.
 */
export function routerYamlHeaders(
  config: RouterYaml,
  subgraph: string,
  client: Headers,
  env: Record<string, string | undefined>,
): Record<string, string> {
  const sent: Record<string, string> = {};
  for (const rule of config.headers.subgraphs[subgraph]?.request ?? []) {
    if ('insert' in rule) {
      sent[rule.insert.name] = rule.insert.value.replace(/\$\{env\.(\w+)\}/g, (_, name) => env[name] ?? '');
    } else {
      const value = client.get(rule.propagate.named);
      if (value !== null) sent[rule.propagate.named] = value;
    }
  }
  return sent;
}
