import {
  createCounter,
  createHistogram,
  type FillLabelsFnParams,
  usePrometheus,
} from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import type { Registry } from 'prom-client';
import { OperationLabeller } from '../observability/operation-labels.js';

type HttpParams = FillLabelsFnParams & { request: Request; response: Response };

/** The raw `operationName` of the request, from Yoga's context (envelop's own label may be free text). */
const requestedName = (context: unknown) =>
  (context as { params?: { operationName?: unknown } } | undefined)?.params?.operationName;

/**
 * HTTP and GraphQL durations from `@graphql-yoga/plugin-prometheus`, with labels we choose ourselves.
 * The plugin's defaults would label the HTTP histogram with the full URL (a GET carries the query and
 * the variables — names, birth dates — in it) and errors with their response path (aliases are free
 * text); here every label is the operation's name and type, the HTTP method and status, or the phase.
 * Its own /metrics endpoint is off: useMetricsEndpoint serves the registry behind METRICS_TOKEN.
 */
export function useGraphqlMetrics(registry: Registry): Plugin {
  const labeller = new OperationLabeller();
  const operation = (params: FillLabelsFnParams, context: unknown) =>
    labeller.of(params.document, requestedName(context));
  const operationLabelNames = ['operationName', 'operationType'] as const;

  return usePrometheus({
    registry,
    endpoint: false,
    metrics: {
      graphql_yoga_http_duration: createHistogram<'request', string, HttpParams>({
        registry,
        histogram: {
          name: 'graphql_yoga_http_duration',
          help: 'Time spent on GraphQL HTTP requests (seconds), from arrival to response',
          labelNames: [...operationLabelNames, 'method', 'statusCode'],
        },
        fillLabelsFn: (params) => ({
          // Yoga already resolved the name against the document; undefined means anonymous or none.
          ...labeller.of(params.document, params.operationName),
          method: params.request.method,
          statusCode: params.response.status,
        }),
      }),
      graphql_envelop_request_duration: createHistogram({
        registry,
        histogram: {
          name: 'graphql_envelop_request_duration',
          help: 'Time spent executing GraphQL operations (seconds)',
          labelNames: [...operationLabelNames],
        },
        fillLabelsFn: operation,
        phases: ['execute'],
      }),
      graphql_envelop_request: createCounter({
        registry,
        counter: {
          name: 'graphql_envelop_request',
          help: 'GraphQL operations executed',
          labelNames: [...operationLabelNames],
        },
        fillLabelsFn: operation,
        phases: ['execute'],
      }),
      graphql_envelop_error_result: createCounter({
        registry,
        counter: {
          name: 'graphql_envelop_error_result',
          help: 'GraphQL errors in results, by phase (parse, validate, context, execute)',
          labelNames: [...operationLabelNames, 'phase'],
        },
        fillLabelsFn: (params, context) => ({
          ...operation(params, context),
          phase: params.errorPhase ?? 'unknown',
        }),
      }),
      // Off: redundant with the histograms above, or labelled with field and type names we don't need.
      graphql_envelop_request_time_summary: false,
      graphql_envelop_phase_parse: false,
      graphql_envelop_phase_validate: false,
      graphql_envelop_phase_context: false,
      graphql_envelop_phase_execute: false,
      graphql_envelop_phase_subscribe: false,
      graphql_envelop_deprecated_field: false,
      graphql_envelop_schema_change: false,
      graphql_envelop_execute_resolver: false,
    },
  });
}
