/**
 * The page's highlight.js: TypeScript's grammar only, the language most replies' code is in (the chat
 * view compiles it while it waits for its state, so TypeScript streams highlighted with no round
 * trip). Every other language the worker knows (highlightLanguages.ts) is highlighted by the worker
 * (highlightLater.ts): the page neither loads those grammars (half of its script: a webview's script
 * is compiled again each time a webview opens) nor compiles them (20–140 ms of one task that cannot
 * be split, Java's the slowest). What is rendered inside `withWorkerCodePlain` leaves such code plain for
 * the worker; TypeScript before its first use too, until the grammar is compiled.
 */
import core from 'highlight.js/lib/core';
import typescript from 'highlight.js/lib/languages/typescript';
import { fenceLanguage, highlightWith, type Highlighted } from './highlightCore';
import { WORKER_LANGUAGES } from './highlightLanguages';

/** An instance of its own: where highlight.js/lib/common is loaded too (the unit tests), its languages are not here. */
const hljs = core.newInstance();
hljs.registerLanguage('typescript', typescript);

export { fenceLanguage, type Highlighted };

/** The language of a rendered code block (markdown-it's `language-…` class on its `code`), or ''. */
export function blockLanguage(code: Element): string {
  return /language-(\S+)/.exec(code.className)?.[1] ?? '';
}

/** A grammar highlight.js has compiled (its `isCompiled`, set on its first use). */
const compiled = (grammar: object): boolean => (grammar as { isCompiled?: unknown }).isCompiled === true;

/** Inside withWorkerCodePlain: whether code was left plain (and whether to leave it). */
let deferring = false;
let deferred = false;

/**
 * Runs `render` with code for the worker left plain (markdown-it escapes it), and says whether any
 * was. Nothing else changes: TypeScript, once compiled, is highlighted.
 */
export function withWorkerCodePlain<T>(render: () => T): { result: T; deferred: boolean } {
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

/**
 * Whether code in this fence's language is the worker's to highlight: a language the worker knows
 * whose grammar is not compiled here (here there is TypeScript's only).
 */
export function forWorker(info: string): boolean {
  const language = fenceLanguage(info).toLowerCase();
  if (!WORKER_LANGUAGES.has(language)) return false;
  const grammar = hljs.getLanguage(language);
  return !grammar || !compiled(grammar);
}

/** markdown-it's `highlight`: the HTML, or '' for markdown-it to escape the code itself. */
export function highlightFence(code: string, info: string): string {
  if (deferring && forWorker(info)) {
    deferred = true;
    return '';
  }
  return highlightCode(code, info).html ?? '';
}

/** Highlights with the page's grammars: code in a language it has not is left plain (html undefined). */
export function highlightCode(code: string, info: string): Highlighted {
  return highlightWith(hljs, code, info);
}
