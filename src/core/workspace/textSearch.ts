/** Text search within one file's text: the query as a regular expression, whole words, matching lines. */

export interface SearchOptions {
  isRegex: boolean;
  caseSensitive: boolean;
  wholeWord: boolean;
}

export interface LineMatch {
  /** 1-based. */
  line: number;
  /** 0-based column of the match in the line. */
  column: number;
  /** The line's text (without its line break). */
  text: string;
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The query as a global, multiline regular expression, or why it is not one. A regex is tried with
 * Unicode semantics first (\p{L} works) and without them if that fails (`\-` works).
 */
export function buildSearchRegex(query: string, opts: SearchOptions): { regex: RegExp } | { error: string } {
  if (query === '') return { error: 'The query is empty.' };
  const source = opts.isRegex ? query : escapeRegExp(query);
  const flags = `gm${opts.caseSensitive ? '' : 'i'}`;
  try {
    return { regex: new RegExp(source, `${flags}u`) };
  } catch {
    try {
      return { regex: new RegExp(source, flags) };
    } catch (err) {
      return { error: `The query is not a valid regular expression: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
}

const WORD = /[\p{L}\p{N}_]/u;
const isWordChar = (c: string | undefined): boolean => c !== undefined && WORD.test(c);

/** A match [start, end) in `text` stands as a whole word: no word character joins it on either side. */
export function isWholeWord(text: string, start: number, end: number): boolean {
  const left = start === 0 || !isWordChar(text[start - 1]) || !isWordChar(text[start]);
  const right = end >= text.length || !isWordChar(text[end]) || !isWordChar(text[end - 1]);
  return left && right;
}

/** Start offsets of each line of `text`. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The lines of `text` with a match of `regex` (global), one result per line, at most `max`. */
export function matchingLines(text: string, regex: RegExp, wholeWord: boolean, max = Infinity): LineMatch[] {
  const starts = lineStarts(text);
  const found: LineMatch[] = [];
  regex.lastIndex = 0;
  while (found.length < max) {
    const m = regex.exec(text);
    if (!m) break;
    const start = m.index;
    const end = start + m[0].length;
    if (wholeWord && !isWholeWord(text, start, end)) {
      regex.lastIndex = start + 1;
      continue;
    }
    const index = lineOf(starts, start);
    const lineStart = starts[index]!;
    const next = starts[index + 1];
    const lineText = text.slice(lineStart, next === undefined ? text.length : next - 1).replace(/\r$/, '');
    found.push({ line: index + 1, column: start - lineStart, text: lineText });
    if (next === undefined) break;
    regex.lastIndex = next;
  }
  return found;
}

/**
 * A line as quoted in a result: whitespace trimmed, at most `max` characters, and when the match
 * is far along a long line, the part around it.
 */
export function excerpt(line: string, column: number, max: number): string {
  const lead = line.length - line.trimStart().length;
  const text = line.trim();
  if (text.length <= max) return text;
  const at = Math.max(0, column - lead);
  if (at + 20 <= max - 1) return `${text.slice(0, max - 1)}…`;
  const from = Math.max(0, Math.min(at - 40, text.length - (max - 2)));
  const part = text.slice(from, from + max - 2);
  return `…${part}${from + part.length < text.length ? '…' : ''}`;
}

/** The column of the first whole-word occurrence of `word` in `line`, or -1. */
export function findWord(line: string, word: string): number {
  if (!word) return -1;
  for (let i = line.indexOf(word); i !== -1; i = line.indexOf(word, i + 1)) {
    if (isWholeWord(line, i, i + word.length)) return i;
  }
  return -1;
}
