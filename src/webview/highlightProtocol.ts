/** What the page and the highlight worker say to each other. */
export interface HighlightJob {
  id: number;
  code: string;
  /** The fence's info string (its first word is the language). */
  info: string;
}

export interface HighlightResult {
  id: number;
  /** highlight.js's HTML, or undefined when it could not highlight the code. */
  html: string | undefined;
}
