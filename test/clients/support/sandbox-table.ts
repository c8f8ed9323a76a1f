import { readFile } from 'node:fs/promises';

/** One row of README "The sandbox": a magic number and what a client receives for it. */
export interface SandboxRow {
  phoneNumber: string;
  scenario: string;
  /** `__typename` of the matchIdentity member. */
  typename: string;
  /** `decision` for an IdentityMatch, `code` for an error member. */
  codeOrDecision: string;
}

const RECEIVES_COLUMN = /^what your client receives$/i;
/** The column's cell format: `` `TypeName` `CODE_OR_DECISION` — text ``. */
const RECEIVES_CELL = /^`([A-Za-z]+)`\s+`([A-Z_]+)`(?:\s+—.*)?$/;

const cells = (line: string) =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => cell.trim());

/**
 * The magic-number table of README.md's "The sandbox" section, read with its "what your client
 * receives" column. Throws, naming the problem, if the column is missing or a cell is not in the format.
 */
export async function readSandboxTable(readmeUrl: URL): Promise<SandboxRow[]> {
  const readme = await readFile(readmeUrl, 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('The sandbox'));
  if (!section) throw new Error('README.md has no "## The sandbox" section');
  const lines = section.split('\n').filter((line) => line.trim().startsWith('|'));
  const header = lines.find((line) => /phone number/i.test(line));
  if (!header) throw new Error('README "The sandbox" has no magic-number table (a "phone number" column)');
  const columns = cells(header);
  const phone = columns.findIndex((c) => /phone number/i.test(c));
  const scenario = columns.findIndex((c) => /scenario/i.test(c));
  const receives = columns.findIndex((c) => RECEIVES_COLUMN.test(c));
  if (receives < 0) {
    throw new Error(
      `README "The sandbox" table has no "what your client receives" column: ${columns.join(' | ')}`,
    );
  }
  return lines
    .map(cells)
    .filter((row) => /^`\+\d+`$/.test(row[phone] ?? ''))
    .map((row) => {
      const cell = row[receives] ?? '';
      const parsed = RECEIVES_CELL.exec(cell);
      if (!parsed) throw new Error(`"what your client receives" cell not in the format: ${cell}`);
      return {
        phoneNumber: row[phone]!.replaceAll('`', ''),
        scenario: row[scenario] ?? '',
        typename: parsed[1]!,
        codeOrDecision: parsed[2]!,
      };
    });
}
