import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClientGateway, startClientGateway } from './support/client-gateway.js';
import { EXAMPLES_DIR, EXAMPLES_PERSISTED_DOCUMENTS, run } from './support/examples-project.js';

const ROOT_NODE_MODULES = fileURLToPath(new URL('../../node_modules', import.meta.url));

/**
 * examples/clients is a client project as docs/clients.md sets one up (Node ESM, module nodenext, the
 * codegen client preset): its generated files are current, it compiles, its exhaustive switches are
 * really checked, and what tsc emits runs under plain node against a real gateway.
 */
describe('examples/clients builds as a Node ESM project', { timeout: 120_000 }, () => {
  it('the committed src/gql/ is what its codegen.ts generates (npm run codegen)', async () => {
    const { code, output } = await run(
      'graphql-codegen',
      ['--config', 'codegen.ts', '--check'],
      EXAMPLES_DIR,
    );
    expect(output, 'run `npm run codegen` and commit examples/clients/src/gql/').not.toMatch(/stale/i);
    expect(code).toBe(0);
  });

  it('the generated files import with .js extensions, which module nodenext requires', async () => {
    const gql = await readFile(join(EXAMPLES_DIR, 'src/gql/gql.ts'), 'utf8');
    expect(gql).toContain("from './graphql.js'");
  });

  it('tsc -p examples/clients type-checks and emits dist/', async () => {
    const { code, output } = await run('tsc', ['-p', '.'], EXAMPLES_DIR);
    expect(output).toBe('');
    expect(code).toBe(0);
  });

  describe('the compiler checks what the docs say it checks', () => {
    let copy: string;
    let output: string;
    beforeAll(async () => {
      // A copy of the project with one union member and one error code left out of the switches, and
      // the documented-but-wrong `__meta__!.hash` form: each must be a compile error.
      copy = await mkdtemp(join(tmpdir(), 'idm-examples-'));
      await cp(join(EXAMPLES_DIR, 'src'), join(copy, 'src'), { recursive: true });
      await cp(join(EXAMPLES_DIR, 'tsconfig.json'), join(copy, 'tsconfig.json'));
      await cp(join(EXAMPLES_DIR, 'package.json'), join(copy, 'package.json'));
      await symlink(ROOT_NODE_MODULES, join(copy, 'node_modules'));
      const outcome = join(copy, 'src/outcome.ts');
      const source = await readFile(outcome, 'utf8');
      const broken = source
        .replace("    case 'RateLimitedError':\n", '')
        .replace("    case 'SERVICE_REFUSED':\n", '');
      expect(broken.length).toBeLessThan(source.length - 40);
      await writeFile(outcome, broken);
      await writeFile(
        join(copy, 'src/meta-hash.ts'),
        "import { MatchIdentityDocument } from './gql/graphql.js';\nexport const id = MatchIdentityDocument.__meta__!.hash;\n",
      );
      ({ output } = await run('tsc', ['-p', '.', '--noEmit'], copy));
    }, 120_000);
    afterAll(() => rm(copy, { recursive: true, force: true }));

    it('a __typename without a case fails tsc at assertNever', () => {
      expect(output).toMatch(/src\/outcome\.ts\(\d+,\d+\): error TS2345: .*RateLimitedError.* 'never'/);
    });
    it('a MatchErrorCode without a case fails tsc at assertNever (the enum is a union type)', () => {
      expect(output).toMatch(
        /src\/outcome\.ts\(\d+,\d+\): error TS2345: Argument of type '"SERVICE_REFUSED"'/,
      );
    });
    it('MatchIdentityDocument.__meta__!.hash does not compile (hence documentId())', () => {
      expect(output).toMatch(/src\/meta-hash\.ts\(\d+,\d+\): error TS2339: Property '__meta__'/);
    });

    it("a documents glob over *.ts reads the first call's /* GraphQL */ string too, and codegen fails", async () => {
      const config = {
        schema: join(EXAMPLES_DIR, '../../schema/schema.graphql'),
        documents: ['src/**/*.ts', 'src/**/*.graphql'],
        generates: { 'out/': { preset: 'client' } },
      };
      await writeFile(join(copy, 'codegen-ts-glob.json'), JSON.stringify(config));
      const { code, output } = await run(
        'graphql-codegen',
        ['--config', 'codegen-ts-glob.json', '--verbose'],
        copy,
        { NODE_ENV: 'development' }, // under NODE_ENV=test codegen does not print the reason
      );
      expect(output).toMatch(/Not all operations have an unique name: MatchIdentity/);
      expect(code).not.toBe(0);
    });
  });

  describe('the emitted JavaScript runs under node against a real gateway', () => {
    let gateway: ClientGateway;
    beforeAll(async () => {
      gateway = await startClientGateway({
        PERSISTED_OPERATIONS_FILE: EXAMPLES_PERSISTED_DOCUMENTS,
        PERSISTED_OPERATIONS_ONLY: 'true',
      });
    }, 60_000);
    afterAll(() => gateway?.close());

    it('node dist/main.js: fetch, Apollo and urql match; the text is refused, the persisted ids pass', async () => {
      const env = { IDMOBILE_URL: gateway.url, IDMOBILE_API_KEY: gateway.apiKey };
      const { code, output } = await run('node', ['dist/main.js', '+33600000000'], EXAMPLES_DIR, env);
      expect(code).toBe(0);
      const lines = Object.fromEntries(
        output
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as { client: string })
          .map((line) => [line.client, line]),
      );
      const accepted = { kind: 'decided', decision: 'ACCEPT', matchId: expect.any(String) };
      for (const client of ['fetch-persisted', 'apollo-persisted', 'urql-persisted']) {
        expect(lines[client]).toEqual({ client, result: accepted });
      }
      for (const client of ['fetch', 'apollo', 'urql']) {
        expect(lines[client]).toEqual({
          client,
          error: expect.stringMatching(/^ClientBug: PERSISTED_QUERY_ID_REQUIRED/),
        });
      }
    });
  });
});
