/**
 * Markdown to safe DOM: markdown-it with raw HTML off and images off (nothing is fetched),
 * highlight.js for code, and DOMPurify over the result before it touches the page.
 */
import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';
import { highlightFence } from './codeHighlight';
import type { Fence } from './fenceLines';

const md = new MarkdownIt({
  html: false,
  linkify: true,
  breaks: false,
  // '' makes markdown-it escape the code itself (no grammar for the language).
  highlight: highlightFence,
});
type Token = ReturnType<typeof md.parse>[number];

// Images in a reply would be fetched from wherever the model points: they are shown as text.
md.disable('image');

const purifyConfig = {
  FORBID_TAGS: ['style', 'img', 'svg', 'math', 'form', 'input', 'button', 'iframe', 'object', 'embed', 'video', 'audio', 'source', 'link', 'meta'],
  FORBID_ATTR: ['style', 'srcset', 'action', 'formaction', 'xlink:href'],
  ALLOW_DATA_ATTR: false,
  RETURN_DOM_FRAGMENT: true as const,
};

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node instanceof HTMLAnchorElement) {
    const href = node.getAttribute('href') ?? '';
    if (!/^(https?:|mailto:|#)/i.test(href)) node.removeAttribute('href');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

/** Renders Markdown source to a sanitised fragment. */
export function renderMarkdown(source: string): DocumentFragment {
  return sanitizeHtml(md.render(source));
}

/** Parses Markdown source into markdown-it's block tokens (for completeBlocks and renderTokens). */
export function parseMarkdown(source: string): Token[] {
  return md.parse(source, {});
}

/** Renders tokens parseMarkdown returned, without parsing again. */
export function renderTokens(tokens: Token[]): DocumentFragment {
  return sanitizeHtml(md.renderer.render(tokens, md.options, {}));
}

/** HTML from markdown-it or highlight.js to a fragment DOMPurify has cleaned. */
export function sanitizeHtml(html: string): DocumentFragment {
  return DOMPurify.sanitize(html, purifyConfig);
}

// Parsing into a <template> is inert (nothing loads, no handler runs) and, unlike a fragment from
// DOMPurify, does not create a new document for each call: a streaming code block makes one per line.
const inert = document.createElement('template');
const inPlaceConfig = { ...purifyConfig, RETURN_DOM_FRAGMENT: false, IN_PLACE: true };

/** A `span` of the given class holding `html` (highlight.js's), cleaned by DOMPurify before it is returned. */
export function sanitizedSpan(className: string, html: string): HTMLElement {
  inert.innerHTML = `<span class="${className}">${html}</span>`;
  const span = inert.content.firstElementChild;
  if (!(span instanceof HTMLElement)) throw new Error('sanitizedSpan: no element');
  inert.content.replaceChildren();
  DOMPurify.sanitize(span, inPlaceConfig);
  return span;
}

/**
 * If `source` starts with a complete opening line of a fenced code block at the top level, that
 * fence and the length of its opening line (as markdown-it reads it: only that line is parsed).
 */
export function openingFence(source: string): { fence: Fence; length: number } | undefined {
  const nl = source.indexOf('\n');
  if (nl < 0) return undefined;
  const line = source.slice(0, nl + 1);
  const token = md.parse(line, {})[0];
  if (token?.type !== 'fence' || token.level !== 0) return undefined;
  return { fence: { markup: token.markup, info: token.info, indent: line.length - line.trimStart().length }, length: nl + 1 };
}

/**
 * Where the complete top-level blocks of `source` (parsed as `tokens`) end: `end`, the offset of the
 * start of the last block (blocks before it can no longer change as text is appended), and `index`,
 * where the last block's tokens start (the tokens before it are the complete blocks'). Both 0 when
 * no block is complete.
 */
export function completeBlocks(source: string, tokens: Token[]): { end: number; index: number } {
  let lastStart = -1;
  let lastIndex = 0;
  let count = 0;
  tokens.forEach((t, i) => {
    if (t.level === 0 && t.map && t.nesting !== -1) {
      lastStart = t.map[0];
      lastIndex = i;
      count++;
    }
  });
  if (count < 2 || lastStart <= 0) return { end: 0, index: 0 };
  let offset = 0;
  for (let line = 0; line < lastStart; line++) {
    const nl = source.indexOf('\n', offset);
    if (nl < 0) return { end: 0, index: 0 };
    offset = nl + 1;
  }
  return { end: offset, index: lastIndex };
}

/** A reference-style link's definition ("[1]: https://…") at the start of a line. */
export const REFERENCE_DEFINITION = /^ {0,3}\[[^\]\n]+\]:[ \t]*\S/m;
