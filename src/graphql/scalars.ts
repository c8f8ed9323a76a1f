import { GraphQLError, Kind, type ValueNode } from 'graphql';
import countries from 'i18n-iso-countries';
import { builder } from './builder.js';

// Messages never repeat the rejected value: a birth date is personal data even when malformed.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** ISO 3166-1 alpha-2 codes officially assigned (XK is user-assigned, so refused despite common use). */
export function isAssignedCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && code !== 'XK' && countries.isValid(code);
}

function stringLiteral(ast: ValueNode, scalar: string): string {
  if (ast.kind !== Kind.STRING) throw new GraphQLError(`${scalar} must be a string`);
  return ast.value;
}

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !isCalendarDate(value)) {
    throw new GraphQLError('Date must be a real calendar date written YYYY-MM-DD');
  }
  return value;
}

function parseCountryCode(value: unknown): string {
  const code = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!isAssignedCountryCode(code)) {
    throw new GraphQLError('CountryCode must be an assigned ISO 3166-1 alpha-2 code such as FR or DE');
  }
  return code;
}

builder.scalarType('Date', {
  description:
    'A calendar date written `YYYY-MM-DD` (ISO 8601), such as `1985-04-12`. It must exist: `2023-02-29` is refused.',
  serialize: (value) => parseDate(value),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(stringLiteral(ast, 'Date')),
});

builder.scalarType('CountryCode', {
  description:
    'An assigned ISO 3166-1 alpha-2 country code such as `FR` or `DE`. Lower case is accepted and upper-cased; unassigned codes (`ZZ`, `XX`) are refused.',
  serialize: (value) => parseCountryCode(value),
  parseValue: parseCountryCode,
  parseLiteral: (ast) => parseCountryCode(stringLiteral(ast, 'CountryCode')),
});

function parseDateTime(value: unknown): Date {
  const date =
    typeof value === 'string' && /T.*(Z|[+-]\d{2}:\d{2})$/.test(value) ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new GraphQLError('DateTime must be an ISO 8601 date and time with a time zone');
  }
  return date;
}

builder.scalarType('DateTime', {
  description: 'An instant, written in ISO 8601 with a time zone, such as `2026-11-25T17:02:03.000Z`.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : parseDateTime(value).toISOString()),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(stringLiteral(ast, 'DateTime')),
});
