/**
 * How much one workspace-tool call may give Claude. Every tool result is cut to these bounds, with a
 * note saying what was left out and how to see more, so one call never floods the context.
 */
export const LIMITS = {
  /** view: lines of a file per call. */
  viewLines: 400,
  /** view: characters of a file per call (numbering included). */
  viewChars: 40_000,
  /** view: files larger than this are not read. */
  viewFileBytes: 10 * 1024 * 1024,
  /** view of a directory: entries listed (two levels deep). */
  listEntries: 200,
  /** find_files: paths per call (and the largest max_results). */
  findFiles: 200,
  /** find_files and search_text: files asked of VS Code's file search before filtering. */
  scannedFiles: 10_000,
  /** search_text: matching lines shown. */
  searchMatches: 100,
  /** search_text: matching lines counted before the search stops. */
  searchCountedMatches: 2_000,
  /** search_text: files larger than this are skipped. */
  searchFileBytes: 1024 * 1024,
  /** Characters of a line quoted in a search, definition or reference result. */
  lineChars: 200,
  /** get_problems: diagnostics shown. */
  problems: 100,
  /** Characters of one diagnostic's message. */
  problemMessageChars: 500,
  /** get_symbols: symbols shown. */
  symbols: 100,
  /** go_to_definition and find_references: locations shown. */
  locations: 100,
} as const;

/** "… truncated: 100 of 150 matches shown; narrow the query" (`total` may be a lower bound: "more than 2000"). */
export function truncationNote(shown: number, total: number | string, what: string, hint: string): string {
  return `… truncated: ${shown} of ${total} ${what} shown; ${hint}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
