import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One span as an OTLP/HTTP JSON export carries it, its attributes flattened to a record. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client. */
  kind: number;
  scope: string;
  attributes: Record<string, unknown>;
  events: { name: string; attributes: Record<string, unknown> }[];
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  status: { code: number; message?: string };
  /** The raw span, for scanning everything it carries. */
  raw: unknown;
}

/** A raw export request: what the protobuf test reads. */
export interface ReceivedExport {
  path: string;
  contentType: string | undefined;
  body: Buffer;
}

export interface OtlpReceiver {
  /** The base URL, as OTEL_EXPORTER_OTLP_ENDPOINT takes it. */
  url: string;
  exports: ReceivedExport[];
  /** Every span of every JSON export so far. */
  spans(): ReceivedSpan[];
  close(): Promise<void>;
}

type OtlpValue = Record<string, unknown>;
type OtlpKeyValue = { key: string; value: OtlpValue };

function plainValue(value: OtlpValue | undefined): unknown {
  if (!value) return undefined;
  if ('stringValue' in value) return value.stringValue;
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return value.doubleValue;
  if ('boolValue' in value) return value.boolValue;
  if ('arrayValue' in value)
    return ((value.arrayValue as { values?: OtlpValue[] }).values ?? []).map((v) => plainValue(v));
  return value;
}

function attributesOf(list: OtlpKeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map(({ key, value }) => [key, plainValue(value)]));
}

function read(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A loopback OTLP/HTTP collector: keeps every export request, answers 200 once it has read it. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const exports: ReceivedExport[] = [];
  const server = createServer(async (req, res) => {
    const body = await read(req);
    exports.push({ path: req.url ?? '', contentType: req.headers['content-type'], body });
    const json = (req.headers['content-type'] ?? '').includes('json');
    res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
    res.end(json ? '{}' : '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exports,
    spans: () =>
      exports
        .filter((e) => e.contentType?.includes('json'))
        .flatMap((e) => {
          const request = JSON.parse(e.body.toString('utf8')) as {
            resourceSpans?: {
              scopeSpans?: { scope?: { name?: string }; spans?: Record<string, unknown>[] }[];
            }[];
          };
          return (request.resourceSpans ?? []).flatMap((resource) =>
            (resource.scopeSpans ?? []).flatMap((scoped) =>
              (scoped.spans ?? []).map(
                (span): ReceivedSpan => ({
                  traceId: span.traceId as string,
                  spanId: span.spanId as string,
                  parentSpanId: (span.parentSpanId as string | undefined) || undefined,
                  name: span.name as string,
                  kind: span.kind as number,
                  scope: scoped.scope?.name ?? '',
                  attributes: attributesOf(span.attributes as OtlpKeyValue[]),
                  events: ((span.events as { name: string; attributes?: OtlpKeyValue[] }[]) ?? []).map(
                    (event) => ({
                      name: event.name,
                      attributes: attributesOf(event.attributes),
                    }),
                  ),
                  status: (span.status as { code: number; message?: string }) ?? { code: 0 },
                  raw: span,
                }),
              ),
            ),
          );
        }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Span fields that are ids and clock readings: digits that could spell a phone number by chance. */
const NUMERIC_FIELDS = new Set([
  'traceId',
  'spanId',
  'parentSpanId',
  'startTimeUnixNano',
  'endTimeUnixNano',
  'timeUnixNano',
]);

/**
 * Everything spans carry except ids and timestamps, as one text to scan for personal data: a nanosecond
 * timestamp ending in `.600000000` s would otherwise "contain" a national phone number.
 */
export function scannableText(spans: readonly ReceivedSpan[]): string {
  return JSON.stringify(
    spans.map((span) => span.raw),
    (key, value) => (NUMERIC_FIELDS.has(key) ? undefined : value),
  );
}
