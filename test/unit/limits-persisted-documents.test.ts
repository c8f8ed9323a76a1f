import { describe, expect, it } from 'vitest';
import { type ClientPrincipal, OPEN_ACCESS } from '../../src/auth/principal.js';
import {
  loadPersistedDocuments,
  maySendArbitraryDocuments,
  normaliseOperationId,
} from '../../src/limits/use-persisted-operation-list.js';

const HEX = 'abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789';
const principal = (kind: ClientPrincipal['kind'], trusted: boolean): ClientPrincipal => ({
  clientId: kind,
  kind,
  trusted,
  scopes: new Set(),
});

describe('persisted documents', () => {
  it('compares ids without the sha256: prefix and case', () => {
    for (const id of [HEX, `sha256:${HEX}`, `SHA256:${HEX.toUpperCase()}`, ` ${HEX} `]) {
      expect(normaliseOperationId(id)).toBe(HEX);
    }
  });

  it('reads the codegen list (prefixed ids) and lists written with bare upper-case ids', () => {
    const generated = loadPersistedDocuments('test/generated/persisted-documents.json');
    expect(generated.size).toBeGreaterThanOrEqual(2);
    for (const id of generated.keys()) expect(id).toMatch(/^[0-9a-f]{64}$/);
    const bare = loadPersistedDocuments('test/fixtures/persisted-documents-bare-ids.json');
    expect(bare.get(HEX)).toBe('{ matchingCapabilities { sandbox } }');
  });

  it('stops start-up with a message naming the file when it is missing or not id → document', () => {
    expect(() => loadPersistedDocuments('test/fixtures/no-such-file.json')).toThrow(
      /PERSISTED_OPERATIONS_FILE test\/fixtures\/no-such-file.json cannot be read/,
    );
    expect(() => loadPersistedDocuments('test/fixtures/persisted-documents-not-strings.json')).toThrow(
      /is not a document string/,
    );
  });
});

describe('who may send documents outside the list', () => {
  it.each([
    ['a trusted API-key client', principal('api-key', true), true],
    ['the federation router', principal('router', false), true],
    ['open access (no authentication configured)', OPEN_ACCESS, true],
    ['an ordinary API-key client', principal('api-key', false), false],
    ['a JWT app user', principal('jwt', false), false],
    ['nobody recorded by authentication', undefined, false],
  ])('%s → %s', (_who, caller, allowed) => {
    expect(maySendArbitraryDocuments(caller)).toBe(allowed);
  });
});
