/**
 * The `view` command of Claude's text-editor tool on a file's text: lines numbered like `cat -n`,
 * an optional 1-based inclusive range (end -1 = to the end), cut to a line and character budget
 * with a note saying what was not shown.
 */

export interface ViewBudget {
  maxLines: number;
  maxChars: number;
}

export type LineView =
  | {
      ok: true;
      /** The numbered lines, then the note if any. */
      text: string;
      /** First and last line shown (1-based); 0 and 0 for an empty file. */
      first: number;
      last: number;
      /** Lines in the file. */
      total: number;
      truncated: boolean;
    }
  | { ok: false; error: string };

/** The file's lines; a final newline does not start another line (as `cat -n` counts). */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function numberLine(n: number, line: string): string {
  return `${String(n).padStart(6)}\t${line}`;
}

export function checkViewRange(range: unknown): string | undefined {
  if (!Array.isArray(range) || range.length !== 2 || !range.every((n) => typeof n === 'number' && Number.isInteger(n))) {
    return 'view_range must be two whole numbers [start, end], e.g. [1, 50]; end -1 means to the end of the file.';
  }
  const [start, end] = range as [number, number];
  if (start < 1) return `view_range start must be 1 or more (it is ${start}); lines are numbered from 1.`;
  if (end !== -1 && end < start) return `view_range end (${end}) is before its start (${start}); use -1 to view to the end of the file.`;
  return undefined;
}

export function viewLines(text: string, range: readonly [number, number] | undefined, budget: ViewBudget): LineView {
  if (range) {
    const problem = checkViewRange(range);
    if (problem) return { ok: false, error: problem };
  }
  const lines = splitLines(text);
  const total = lines.length;
  if (total === 0) return { ok: true, text: '(empty file)', first: 0, last: 0, total, truncated: false };
  const start = range ? range[0] : 1;
  if (start > total) return { ok: false, error: `view_range starts at line ${start}, but the file has ${total} line${total === 1 ? '' : 's'}.` };
  const end = !range || range[1] === -1 || range[1] > total ? total : range[1];

  const out: string[] = [];
  let chars = 0;
  let last = start - 1;
  let cutLine: number | undefined;
  for (let n = start; n <= end && out.length < budget.maxLines; n++) {
    const line = numberLine(n, lines[n - 1]!);
    if (chars + line.length + 1 > budget.maxChars) {
      if (out.length === 0) {
        // One line longer than the whole budget (minified code): show its start.
        out.push(line.slice(0, budget.maxChars));
        cutLine = n;
        last = n;
      }
      break;
    }
    out.push(line);
    chars += line.length + 1;
    last = n;
  }
  const notes: string[] = [];
  if (cutLine !== undefined) notes.push(`… line ${cutLine} is longer than ${budget.maxChars} characters; only its start is shown.`);
  const truncated = last < end;
  if (truncated) notes.push(`… truncated: lines ${last + 1}–${end} not shown; view a range to see more`);
  return { ok: true, text: [...out, ...notes].join('\n'), first: start, last, total, truncated: truncated || cutLine !== undefined };
}
