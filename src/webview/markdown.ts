/**
 * Markdown to safe DOM: markdown-it with raw HTML off and images off (nothing is fetched),
 * highlight.js for code, and DOMPurify over the result before it touches the page.
 */
import DOMPurify from 'dompurify';
import hljs from 'highlight.js/lib/common';
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({
  html: false,
  linkify: true,
  breaks: false,
  highlight: (code, lang) => {
    const language = lang.trim().split(/\s+/)[0] ?? '';
    if (language && hljs.getLanguage(language)) {
      try {
        return hljs.highlight(code, { language, ignoreIllegals: true }).value;
      } catch {
        // fall through to plain text
      }
    }
    return '';
  },
});
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
  return DOMPurify.sanitize(md.render(source), purifyConfig);
}

/**
 * The offset in `source` up to which its top-level blocks are complete: everything before the
 * start of the last block. Blocks there can no longer change as text is appended.
 */
export function completeBlocksEnd(source: string): number {
  const tokens = md.parse(source, {});
  let lastStart = -1;
  let count = 0;
  for (const t of tokens) {
    if (t.level === 0 && t.map && t.nesting !== -1) {
      lastStart = t.map[0];
      count++;
    }
  }
  if (count < 2 || lastStart <= 0) return 0;
  let offset = 0;
  for (let line = 0; line < lastStart; line++) {
    const nl = source.indexOf('\n', offset);
    if (nl < 0) return 0;
    offset = nl + 1;
  }
  return offset;
}
