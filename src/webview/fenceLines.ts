/**
 * Lines of an open fenced code block, by CommonMark's rules as markdown-it applies them: which line
 * closes the fence, and the indentation a content line loses. The opening line itself is read by
 * markdown-it (see markdown.ts openFenceAtStart).
 */

export interface Fence {
  /** The fence's marker, e.g. "```" or "~~~~". */
  markup: string;
  /** Spaces before the opening marker (0–3): content lines lose up to as many. */
  indent: number;
  /** The info string after the opening marker, e.g. "ts title=x". */
  info: string;
}

/** Whether a complete line (with or without its newline) closes the fence. */
export function closesFence(fence: Fence, line: string): boolean {
  const m = /^ {0,3}(`{3,}|~{3,})[ \t]*\r?\n?$/.exec(line);
  return !!m && m[1]![0] === fence.markup[0] && m[1]!.length >= fence.markup.length;
}

/**
 * Whether an incomplete last line could still become the closing fence ("`", "``", "```" …): it is
 * held back rather than shown, as markdown-it would not show it either once it is complete.
 */
export function mayCloseFence(fence: Fence, partial: string): boolean {
  const m = /^ {0,3}([`~]*)[ \t]*$/.exec(partial);
  return !!m && [...m[1]!].every((c) => c === fence.markup[0]);
}

/** A content line as markdown-it shows it: up to `indent` leading spaces removed. */
export function stripFenceIndent(fence: Fence, line: string): string {
  if (!fence.indent) return line;
  let n = 0;
  while (n < fence.indent && line[n] === ' ') n++;
  return line.slice(n);
}
