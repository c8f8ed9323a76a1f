import { RESERVED_CLIENT_IDS } from '../auth/principal.js';

/** One API-key client: the key itself is never stored, only its SHA-256. */
export interface ApiKeyEntry {
  clientId: string;
  /** Lower-case hex SHA-256 of the key. */
  sha256: string;
  /** Trusted clients may send documents outside the persisted-operations list. */
  trusted: boolean;
}

const ENTRY = /^([A-Za-z0-9._-]{1,64}):([0-9a-fA-F]{64})(?::(trusted))?$/;

/**
 * Parses `GATEWAY_API_KEYS`: comma-separated `clientId:sha256hex` entries, `:trusted` appended for clients
 * allowed to send arbitrary documents. Problems name the entry's position, never its content.
 */
export function parseApiKeys(value: string | undefined): { entries: ApiKeyEntry[]; problems: string[] } {
  const entries: ApiKeyEntry[] = [];
  const problems: string[] = [];
  const raw = (value ?? '').split(',').map((s) => s.trim());
  raw.forEach((text, index) => {
    if (!text) return;
    const m = ENTRY.exec(text);
    if (!m) {
      problems.push(
        `GATEWAY_API_KEYS entry ${index + 1} must be clientId:sha256hex (64 hex digits), optionally :trusted`,
      );
      return;
    }
    const clientId = m[1]!;
    if (RESERVED_CLIENT_IDS.has(clientId)) {
      problems.push(`GATEWAY_API_KEYS entry ${index + 1} uses the reserved client id ${clientId}`);
      return;
    }
    if (entries.some((e) => e.clientId === clientId)) {
      problems.push(`GATEWAY_API_KEYS has client id ${clientId} more than once`);
      return;
    }
    entries.push({ clientId, sha256: m[2]!.toLowerCase(), trusted: m[3] === 'trusted' });
  });
  return { entries, problems };
}
