/** Shared set-up of the CAMARA tests: the sandbox, clients against it, the official files. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CamaraClient, type CamaraClientOptions } from '../../src/camara/client.js';
import { CamaraError } from '../../src/camara/errors.js';
import type { CamaraMatchInput } from '../../src/camara/types.js';
import { CAMARA_SANDBOX_CREDENTIALS, type CamaraSandbox } from '../../src/sandbox/camara/index.js';

/** The official KYC Match files (read, never copied into the project). */
export const CAMARA_SPEC_DIR = new URL('../../../shared/camara/', import.meta.url);
export function readSpecFile(name: string): string {
  const file = new URL(name, CAMARA_SPEC_DIR);
  if (!existsSync(file)) {
    throw new Error(
      `${fileURLToPath(file)} is missing: the CAMARA tests read the official files from ../shared/camara/, beside the repository's folder`,
    );
  }
  return readFileSync(file, 'utf8');
}

/** Every attribute the gateway can send, filled in. */
export const FULL_USER_INFOS = {
  firstName: 'Federica',
  lastName: 'Sanchez Arjona',
  maidenName: 'Arjona Ruiz',
  gender: 'FEMALE',
  birthdate: '1978-08-22',
  email: 'federica.sanchez@example.com',
  streetAddress: 'Calle de Nicolás Salmerón',
  streetNumber: '4',
  postalCode: '28004',
  locality: 'Madrid',
  country: 'Espagne',
} as const;

export function input(phoneNumber: string, extra: Partial<CamaraMatchInput> = {}): CamaraMatchInput {
  return { phoneNumber, userInfos: { ...FULL_USER_INFOS }, requestId: 'req-7f3a9c', ...extra };
}

const clients: CamaraClient[] = [];

export function camaraClientFor(sandbox: CamaraSandbox, options: Partial<CamaraClientOptions> = {}) {
  const client = new CamaraClient({
    apiRoot: sandbox.apiRoot,
    tokenUrl: sandbox.tokenUrl,
    ...CAMARA_SANDBOX_CREDENTIALS,
    timeoutMs: 2_000,
    ...options,
  });
  clients.push(client);
  return client;
}

export async function closeCamaraClients(): Promise<void> {
  await Promise.all(clients.splice(0).map((c) => c.destroy()));
}

export async function camaraFailure(promise: Promise<unknown>): Promise<CamaraError> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof CamaraError)) throw error;
    return error;
  }
  throw new Error('expected a CamaraError');
}
