/** Checks on what the user asked us to send, before anything is sent. */

/** About 150k tokens of code: more than this cannot be answered usefully in one request. */
export const MAX_SELECTION_CHARS = 600_000;

export type SelectionProblem =
  | { kind: 'empty' }
  | { kind: 'whitespace' }
  | { kind: 'tooLarge'; chars: number; limit: number }
  | { kind: 'binary' };

export function checkSelection(text: string, limit = MAX_SELECTION_CHARS): SelectionProblem | undefined {
  if (text.length === 0) return { kind: 'empty' };
  if (text.trim().length === 0) return { kind: 'whitespace' };
  if (text.length > limit) return { kind: 'tooLarge', chars: text.length, limit };
  if (text.includes('\u0000')) return { kind: 'binary' };
  return undefined;
}

export function formatSize(chars: number): string {
  if (chars < 1024) return `${chars} characters`;
  if (chars < 1024 * 1024) return `${(chars / 1024).toFixed(0)} KB`;
  return `${(chars / (1024 * 1024)).toFixed(1)} MB`;
}
