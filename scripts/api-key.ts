// `npm run api-key -- <clientId>`: makes a new API key for a server-to-server client. The key is printed
// once and never stored; the gateway only ever holds its SHA-256 (the GATEWAY_API_KEYS entry).
import { API_KEY_CLIENT_ID, generateApiKey, hashApiKey } from '../src/auth/api-keys.js';
import { parseApiKeys } from '../src/config/api-keys.js';

const args = process.argv.slice(2);
const clientId = args[0] ?? '';

function refuse(problem: string): never {
  process.stderr.write(
    `${problem}\nUsage: npm run api-key -- <clientId>\n` +
      'The client id names the caller in logs, metrics and rate limits: 1 to 64 letters, digits, ".", "_" or "-".\n',
  );
  process.exit(1);
}

if (args.length !== 1) refuse('Give exactly one client id.');
if (!API_KEY_CLIENT_ID.test(clientId))
  refuse(`${JSON.stringify(clientId.slice(0, 80))} is not a valid client id.`);

const key = generateApiKey();
const entry = `${clientId}:${hashApiKey(key)}`;
// The entry goes through the gateway's own parser, so the script can never print one that start-up refuses.
if (parseApiKeys(entry).problems.length > 0) refuse(`"${clientId}" is not accepted by GATEWAY_API_KEYS.`);

process.stdout.write(
  [
    `New API key for client "${clientId}" (shown once: give it to the client now, over a secure channel):`,
    '',
    `  ${key}`,
    '',
    'Add this entry to GATEWAY_API_KEYS (entries are comma-separated; append ":trusted" if this client may',
    'send documents outside the persisted-operations list):',
    '',
    `  ${entry}`,
    '',
    'The client sends the key as "Authorization: Bearer <key>" or "x-api-key: <key>".',
    '',
  ].join('\n'),
);
