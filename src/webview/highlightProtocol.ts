/** What the page and the highlight worker say to each other. */
export interface HighlightJob {
  id: number;
  code: string;
  /** The fence's info string (its first word is the language). */
  info: string;
  /**
   * A streaming code block's pieces carry its number: the worker highlights each after what was
   * left unfinished before it (the lines since the grammar was last back at its top level).
   */
  stream?: number;
}

/** A streaming block ended: the worker forgets what it kept for it. */
export interface StreamEnd {
  end: number;
}

export interface HighlightResult {
  id: number;
  /** highlight.js's HTML, or undefined when it could not highlight the code. */
  html: string | undefined;
  /** The grammar is back at its top level at the end of what was highlighted. */
  clean: boolean;
}
