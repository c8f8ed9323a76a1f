import { createGraphQLError, type Plugin } from 'graphql-yoga';

export interface UseLimitRequestBodySizeOptions {
  /** Largest request body accepted, in bytes; a larger one is refused with 413 before it is parsed. */
  maxBytes: number;
}

// Only a single non-negative integer is a Content-Length (a list of values is a smuggling attempt).
const CONTENT_LENGTH = /^\d+$/;

const tooLarge = () =>
  createGraphQLError('Request body too large', {
    extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', http: { status: 413 } },
  });

/**
 * Yoga's own body limit (`maxRequestBodySize`) pipes every body through a counting stream, which costs a
 * few percent of the CPU per request. Node's HTTP parser already frames a body by its Content-Length, so
 * a body that announces an acceptable length cannot be longer: only a body without one (chunked) needs
 * its bytes counted, and reading stops at the limit. Register after Yoga's request parsers (any plugin
 * in `plugins` is), with `maxRequestBodySize: false`.
 */
export function useLimitRequestBodySize({ maxBytes }: UseLimitRequestBodySizeOptions): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const announced = request.headers.get('content-length');
      if (announced !== null) {
        if (!CONTENT_LENGTH.test(announced)) {
          throw createGraphQLError('Content-Length header is invalid.', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
        if (Number(announced) > maxBytes) throw tooLarge();
        return;
      }
      if (!requestParser || !request.body) return;
      const parse = requestParser;
      setRequestParser((req) => parse(counted(req, maxBytes, fetchAPI)));
    },
  };
}

type FetchAPI = Parameters<NonNullable<Plugin['onRequestParse']>>[0]['fetchAPI'];

function counted(request: Request, maxBytes: number, fetchAPI: FetchAPI): Request {
  let read = 0;
  // A native stream (a Request built by the caller) needs the native TransformStream (yoga#4583).
  const Transform = request.body instanceof ReadableStream ? TransformStream : fetchAPI.TransformStream;
  const body = request.body!.pipeThrough(
    new Transform<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        read += chunk.byteLength;
        if (read > maxBytes) controller.error(tooLarge());
        else controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    body,
    duplex: 'half',
  } as RequestInit);
}
