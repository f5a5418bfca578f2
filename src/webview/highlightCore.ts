/**
 * highlight.js for code blocks, whole or a few lines at a time, with whichever highlight.js the caller
 * has (the page's carries TypeScript only, the worker's every common language). Highlighting a block
 * in pieces gives the same HTML as highlighting it whole as long as each piece ends where the grammar
 * is back at its top level (not inside a comment, a string or a parameter list): `clean` says so. A
 * streaming code block highlights its new lines alone while the pieces end clean, and otherwise the
 * lines since the last clean end again, so its cost follows what arrived, not the length of the block.
 */
import type { HLJSApi } from 'highlight.js';

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

export function highlightWith(hljs: HLJSApi, code: string, info: string): Highlighted {
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
