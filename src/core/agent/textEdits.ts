/**
 * The edits of Claude's text-editor tool (str_replace, insert, create) applied to a file's text in
 * memory, and what a change amounts to (lines added and removed, the smallest edit). Nothing here
 * touches a file: the change set holds the results until the user accepts them.
 */
import { diffLines } from 'diff';

export type EditResult = { ok: true; text: string } | { ok: false; error: string };

/** Replaces the one occurrence of `oldStr`; none or several is an error the model can act on. */
export function strReplace(text: string, oldStr: string, newStr: string): EditResult {
  if (!oldStr) return { ok: false, error: 'old_str must not be empty.' };
  const first = text.indexOf(oldStr);
  if (first < 0) return { ok: false, error: 'No match found for replacement. Please check your text and try again.' };
  const second = text.indexOf(oldStr, first + 1);
  if (second >= 0) {
    const lines = [first, second].map((i) => lineOf(text, i));
    return { ok: false, error: `Found multiple matches for replacement text (lines ${lines.join(', ')}, …). Please provide more context to make a unique match.` };
  }
  return { ok: true, text: text.slice(0, first) + newStr + text.slice(first + oldStr.length) };
}

/** Inserts `newText` after line `afterLine` (0 = at the top of the file). */
export function insertAfterLine(text: string, afterLine: number, newText: string): EditResult {
  const lines = text.split('\n');
  const count = text.endsWith('\n') ? lines.length - 1 : lines.length;
  if (!Number.isInteger(afterLine) || afterLine < 0 || afterLine > count) {
    return { ok: false, error: `insert_line ${afterLine} is out of range: the file has ${count} lines (use 0 to ${count}).` };
  }
  let offset = 0;
  for (let i = 0; i < afterLine; i++) offset += lines[i]!.length + 1;
  const insert = newText.endsWith('\n') ? newText : `${newText}\n`;
  if (offset > text.length) return { ok: true, text: `${text}\n${insert}` };
  return { ok: true, text: text.slice(0, offset) + insert + text.slice(offset) };
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The smallest single replacement turning `before` into `after`: offsets in `before`, and the new text. */
export function minimalEdit(before: string, after: string): { start: number; end: number; text: string } {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { start, end: before.length - tail, text: after.slice(start, after.length - tail) };
}

/** Lines added and removed between two texts (a line diff, as the diff editor counts them). */
export function lineStats(before: string, after: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const part of diffLines(before, after)) {
    if (part.added) added += part.count;
    else if (part.removed) removed += part.count;
  }
  return { added, removed };
}
