/**
 * highlight.js for code blocks, whole or a few lines at a time. Highlighting a block in pieces gives
 * the same HTML as highlighting it whole as long as each piece ends where the grammar is back at its
 * top level (not inside a comment, a string or a parameter list): `clean` says so. A streaming code
 * block highlights its new lines alone while the pieces end clean, and otherwise the lines since the
 * last clean end again, so its cost follows what arrived, not the length of the block.
 *
 * A language's first use in a document compiles its grammar: 20–140 ms of one task that cannot be
 * split (Java's is the slowest). What is rendered inside `withoutCompiling` leaves the code of a
 * language not compiled yet as plain text, for the highlight worker (highlightLater.ts) to do.
 */
import hljs from 'highlight.js/lib/common';

export interface Highlighted {
  /** highlight.js's HTML (text escaped), or undefined for a language it does not know. */
  html: string | undefined;
  /** The grammar is at its top level at the end of `code`: the next piece can start afresh. */
  clean: boolean;
}

/** The language name markdown-it gives a fence's info string (its first word). */
export function fenceLanguage(info: string): string {
  return info.trim().split(/\s+/)[0] ?? '';
}

/** The language of a rendered code block (markdown-it's `language-…` class on its `code`), or ''. */
export function blockLanguage(code: Element): string {
  return /language-(\S+)/.exec(code.className)?.[1] ?? '';
}

/** A grammar highlight.js has compiled (its `isCompiled`, set on its first use). */
const compiled = (grammar: object): boolean => (grammar as { isCompiled?: unknown }).isCompiled === true;

/** Inside withoutCompiling: whether code was left plain (and whether to leave it). */
let deferring = false;
let deferred = false;

/**
 * Runs `render` with code in a language whose grammar is not compiled yet left plain (markdown-it
 * escapes it), and says whether any was. Nothing else changes: compiled languages are highlighted.
 */
export function withoutCompiling<T>(render: () => T): { result: T; deferred: boolean } {
  const outer = deferring;
  const before = deferred;
  deferring = true;
  deferred = false;
  try {
    const result = render();
    return { result, deferred };
  } finally {
    deferring = outer;
    deferred = before || deferred;
  }
}

/** Whether highlighting code in this fence's language would compile its grammar now. */
export function wouldCompile(info: string): boolean {
  const language = fenceLanguage(info);
  const grammar = language ? hljs.getLanguage(language) : undefined;
  return !!grammar && !compiled(grammar);
}

/** markdown-it's `highlight`: the HTML, or '' for markdown-it to escape the code itself. */
export function highlightFence(code: string, info: string): string {
  if (deferring && wouldCompile(info)) {
    deferred = true;
    return '';
  }
  return highlightCode(code, info).html ?? '';
}

export function highlightCode(code: string, info: string): Highlighted {
  const language = fenceLanguage(info);
  const grammar = language ? hljs.getLanguage(language) : undefined;
  if (!grammar) return { html: undefined, clean: true };
  try {
    const result = hljs.highlight(code, { language, ignoreIllegals: true });
    // `_top` is the mode the grammar is in at the end; the language itself when at its top level.
    const top = (result as { _top?: unknown })._top;
    return { html: result.value, clean: top === grammar };
  } catch {
    return { html: undefined, clean: true };
  }
}
