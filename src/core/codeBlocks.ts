/**
 * Code blocks in a Markdown reply, found by markdown-it's own parser (the renderer uses the
 * same library, so what the user sees as a block is what we extract).
 */
import MarkdownIt from 'markdown-it';

export interface CodeBlock {
  /** The info string's first word, e.g. "ts"; empty when the fence has none. */
  language: string;
  code: string;
  /** Whether the fence was closed (an unfinished reply may end inside one). */
  closed: boolean;
}

const md = new MarkdownIt({ html: false });

export function extractCodeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  return md
    .parse(markdown, {})
    .filter((t) => t.type === 'fence' || t.type === 'code_block')
    .map((t) => {
      const last = t.map ? lines[t.map[1] - 1] ?? '' : '';
      const closed = t.type === 'code_block' || (t.map !== null && t.map[1] - t.map[0] >= 2 && last.trim().startsWith(t.markup));
      return { language: t.info.trim().split(/\s+/)[0] ?? '', code: t.content, closed };
    });
}

/**
 * The block that answers a code-changing request: the first complete block whose language
 * matches the document's, else the first complete block. Undefined when there is none.
 */
export function pickReplacement(markdown: string, languageId: string): CodeBlock | undefined {
  const blocks = extractCodeBlocks(markdown).filter((b) => b.closed);
  const lang = languageId.toLowerCase();
  return blocks.find((b) => b.language.toLowerCase() === lang) ?? blocks[0];
}
