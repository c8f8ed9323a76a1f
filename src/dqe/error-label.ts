/**
 * DQE's `error_type` label: vendor text, read for two things only — a short, masked copy for messages and
 * logs, and the operator's name in labels 13–17 ("operator Orange unreachable").
 *
 * The text is cut to MAX_LABEL_CHARS before anything else looks at it, and nothing here backtracks: a
 * backtracking pattern over a hostile label (issue 15: "operator operator …", or "operator" and a run of
 * spaces) blocked the event loop for seconds on a few KiB, and every request of the replica with it.
 */

/** DQE's labels are a few words (the longest documented one is 54 characters); the rest is never read. */
export const MAX_LABEL_CHARS = 200;

/** What a label keeps for messages and logs. */
const MAX_KEPT_CHARS = 120;

/** Words that end the operator's name in the documented labels. */
const NAME_ENDS = new Set(['not', 'unreachable', 'yet', 'is']);
/** Quotes and brackets the docs and older pages put around the name (`Orange`, <name>, « Orange »). */
const NAME_WRAPPERS = new Set(['`', "'", '"', '<', '>', '«', '»']);
/** An operator name is a short brand; anything else is not trusted enough to pass on. Bounded input. */
const OPERATOR_NAME = /^[\p{L}\p{N}][\p{L}\p{N} &'._-]{0,39}$/u;
const PLACEHOLDER = 'name'; // the docs print `<name>`: a label that literally carries it names nobody

/** The first MAX_LABEL_CHARS characters; a number cut in two at the end is dropped, not half kept. */
export function boundLabel(label: string): string {
  if (label.length <= MAX_LABEL_CHARS) return label;
  let end = MAX_LABEL_CHARS;
  while (end > 0 && isNumberChar(label.charCodeAt(end - 1))) end -= 1;
  return label.slice(0, end);
}

/**
 * Control characters become spaces, and runs of six or more digits and separators become "…", in case a
 * label ever echoes a number. Both patterns are linear: a run of one class, and a digit run whose failed
 * attempts can only start at the first digits of a run that has no digit further on.
 */
export function sanitiseLabel(label: string): string {
  const cleaned = label
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\+?\d[\d .-]{4,}\d/g, '…')
    .trim();
  return cleaned.length > MAX_KEPT_CHARS ? `${cleaned.slice(0, MAX_KEPT_CHARS - 1)}…` : cleaned;
}

/**
 * "operator Orange unreachable", "operator `Orange` not found", "scope not supported by this operator
 * Bouygues Telecom yet" → the name. Older labels omit it ("operator unreachable"): undefined. Word by word:
 * the name is what stands between the first "operator" and the next ending word (at least one word).
 */
export function readOperator(label: string): string | undefined {
  const words = label.split(/\s+/); // linear: one class, no nesting
  const start = words.findIndex((word) => word.toLowerCase() === 'operator');
  if (start < 0) return undefined;
  const name: string[] = [];
  for (const word of words.slice(start + 1)) {
    if (name.length > 0 && NAME_ENDS.has(leadingWord(word))) return acceptName(name.join(' '));
    name.push(word);
  }
  return undefined;
}

function acceptName(raw: string): string | undefined {
  let start = 0;
  let end = raw.length;
  while (start < end && NAME_WRAPPERS.has(raw[start] as string)) start += 1;
  while (end > start && NAME_WRAPPERS.has(raw[end - 1] as string)) end -= 1;
  const name = raw.slice(start, end).trim();
  if (name.toLowerCase() === PLACEHOLDER) return undefined;
  return OPERATOR_NAME.test(name) ? name : undefined;
}

/** "not," → "not", "yet." → "yet", "island" → "island": the leading letters, lower-cased. */
function leadingWord(word: string): string {
  let end = 0;
  while (end < word.length && isLetter(word.charCodeAt(end))) end += 1;
  const next = word.charCodeAt(end); // NaN at the end of the word
  return isDigit(next) || next === 95 ? '' : word.slice(0, end).toLowerCase(); // "yet2", "is_" end nothing
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** Digits and what separates them in a written number: space . - + */
function isNumberChar(code: number): boolean {
  return isDigit(code) || code === 32 || code === 46 || code === 45 || code === 43;
}
