/**
 * Fault scenarios: the ways a vendor, a proxy in front of it or the network fail at the HTTP level.
 * Each one exists so the client's timeout, retry and lenient-parsing paths can be tested for real.
 */
import type { ServerResponse } from 'node:http';
import { errorBody } from './dqe-errors.js';
import type { FaultScenario } from './magic-numbers.js';
import { send, sendJson } from './respond.js';

/** What TRUNCATED sends before dropping the connection: a JSON prefix, well short of its Content-Length. */
const TRUNCATED_PREFIX = '{"family_name": 1.0, "gender": 1.0, "birth';
const TRUNCATED_LENGTH = 200;

/**
 * HOSTILE_LABEL's body: "operator " repeated, with no word that ends an operator name, so a backtracking
 * pattern tries every start and every length (quadratic; about a minute for this size on Node 20). The body
 * stays just under 1 MiB, the upstream cap before issue 15, so that the old cap did not stop it either.
 */
let hostileLabelBody: string | undefined; // built on first use: a megabyte no one else should carry

/**
 * @param answer writes the normal answer (FULL_MATCH); SLOW calls it late.
 * @param slowResponseMs delay of SLOW.
 */
export function runFault(
  scenario: FaultScenario,
  res: ServerResponse,
  answer: () => void,
  slowResponseMs: number,
): void {
  switch (scenario) {
    case 'HTTP_500_HTML':
      send(res, 500, 'text/html; charset=utf-8', '<html><body>Internal Server Error</body></html>');
      return;
    case 'NON_JSON_BODY':
      send(res, 200, 'text/plain; charset=utf-8', 'OK');
      return;
    case 'HTTP_502_EMPTY':
      send(res, 502, undefined, '');
      return;
    case 'SLOW': {
      const timer = setTimeout(answer, slowResponseMs);
      // A client that gives up (or a sandbox that closes) must not leave a timer writing to a dead socket.
      res.once('close', () => clearTimeout(timer));
      return;
    }
    case 'HANG':
      // Deliberately nothing: the socket stays open until the client aborts or the sandbox closes.
      return;
    case 'RESET':
      res.socket?.destroy();
      return;
    case 'TRUNCATED':
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': TRUNCATED_LENGTH,
      });
      // Destroy only once the partial body has left, so the client really sees headers + some bytes.
      res.write(TRUNCATED_PREFIX, () => res.socket?.destroy());
      return;
    case 'UNEXPECTED_JSON':
      sendJson(res, 200, [1, 2, 3]);
      return;
    case 'HTTP_503_JSON':
      sendJson(res, 503, errorBody('99'));
      return;
    case 'HTTP_504_EMPTY':
      send(res, 504, undefined, '');
      return;
    case 'HOSTILE_LABEL':
      hostileLabelBody ??= JSON.stringify(errorBody('16', 'operator '.repeat(116_500)));
      send(res, 200, 'application/json; charset=utf-8', hostileLabelBody);
      return;
  }
}
