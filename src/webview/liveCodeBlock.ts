/**
 * A fenced code block while it streams, shown as it will stay: markdown-it's `pre > code` with the
 * code toolbar from the start (no jump when the fence closes). Each delta costs what it adds: text
 * without a line break is appended to the open line as it is; completed lines are highlighted on
 * their own (codeHighlight.ts) and appended in chunks, so layout touches one chunk, not the block.
 * When the fence closes nothing is rendered again: the pieces are what highlighting the whole block
 * gives. In a language other than TypeScript (the page's only grammar), or in TypeScript before the
 * page has compiled its grammar, the lines go to the highlight worker instead and show as plain text
 * until its HTML comes.
 */
import { decorateCodeBlocks } from './codeBlockToolbar';
import { highlightCode, withWorkerCodePlain, forWorker } from './codeHighlight';
import { closesFence, mayCloseFence, stripFenceIndent, type Fence } from './fenceLines';
import { endStream, highlightPiece, highlightsPieces, newStream, PENDING_CLASS } from './highlightLater';
import { renderMarkdown, sanitizedSpan } from './markdown';

/** Lines per chunk: appending to a chunk lays out that chunk only. */
const CHUNK_LINES = 10;

export class LiveCodeBlock {
  readonly element: HTMLElement;
  private readonly code: HTMLElement;
  /** The incomplete last line, as received. */
  private partial = '';
  /** Lines since the last point where the grammar was back at its top level, and where they are shown. */
  private dirty = '';
  private dirtyView: HTMLElement | undefined;
  private chunk: HTMLElement | undefined;
  private chunkLines = 0;
  /** The open line on screen (plain text until its line break arrives), in a block of its own after the chunks. */
  private readonly openLine: Text;
  private readonly openLineView: HTMLElement;
  /** Set when the worker highlights this block's lines (codeHighlight.ts: forWorker). */
  private readonly stream: number | undefined;
  /** Pieces sent to the worker and not answered yet, in order (plain text until then). */
  private readonly sent: HTMLElement[] = [];
  /** The last answered piece, when the grammar was not back at its top level after it: the next answer includes its code. */
  private carried: HTMLElement | undefined;

  /** `opening` is the fence's opening line, rendered by markdown-it for the classes it gives. */
  constructor(private readonly fence: Fence, opening: string) {
    this.element = document.createElement('div');
    this.element.className = 'md-block';
    this.stream = forWorker(fence.info) && highlightsPieces() ? newStream() : undefined;
    this.element.append(withWorkerCodePlain(() => renderMarkdown(opening)).result);
    decorateCodeBlocks(this.element);
    const code = this.element.querySelector('pre > code');
    if (!(code instanceof HTMLElement)) throw new Error('markdown-it rendered no code element for a fence');
    this.code = code;
    this.openLine = document.createTextNode('');
    this.openLineView = document.createElement('span');
    this.openLineView.className = 'code-open-line';
    this.openLineView.append(this.openLine);
    this.code.append(this.openLineView);
    this.newChunk();
  }

  /**
   * Adds text that follows what came before. Returns how many of its characters were consumed up to
   * and including the closing fence's line, or undefined while the fence is still open.
   */
  append(text: string): number | undefined {
    let from = 0;
    let lines = '';
    let closedAt: number | undefined;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      const line = this.partial + text.slice(from, nl + 1);
      this.partial = '';
      from = nl + 1;
      if (closesFence(this.fence, line)) {
        closedAt = from;
        break;
      }
      lines += stripFenceIndent(this.fence, line);
    }
    if (closedAt === undefined) this.partial += text.slice(from);
    if (lines) this.addLines(lines);
    if (closedAt === undefined) this.showOpenLine(!lines && from === 0 ? text : undefined);
    else this.close();
    return closedAt;
  }

  /** The reply ended with the fence open: its last line is code unless it is the closing fence. */
  finish(): void {
    const last = this.partial;
    this.partial = '';
    if (last && !closesFence(this.fence, last)) this.addLines(stripFenceIndent(this.fence, last));
    this.close();
  }

  private close(): void {
    this.openLineView.remove();
    if (this.stream !== undefined) endStream(this.stream);
  }

  private showOpenLine(appended: string | undefined): void {
    if (mayCloseFence(this.fence, this.partial)) this.openLine.data = '';
    // The common case, text inside a line: append it as it is.
    else if (appended !== undefined && !this.fence.indent && this.openLine.length + appended.length === this.partial.length) this.openLine.appendData(appended);
    else this.openLine.data = stripFenceIndent(this.fence, this.partial);
  }

  private addLines(lines: string): void {
    if (this.stream !== undefined && highlightsPieces()) {
      this.addLinesLater(lines);
      return;
    }
    const code = this.dirty + lines;
    const { html, clean } = highlightCode(code, this.fence.info);
    const view = html === undefined ? plainPiece(code) : sanitizedSpan('code-piece', html);
    if (this.dirtyView) this.dirtyView.replaceWith(view);
    else this.chunk!.append(view);
    this.chunkLines += countLines(lines);
    if (clean) {
      this.dirty = '';
      this.dirtyView = undefined;
      if (this.chunkLines >= CHUNK_LINES) this.newChunk();
    } else {
      this.dirty = code;
      this.dirtyView = view;
    }
  }

  /** Shows the lines as plain text, and has the worker highlight them. */
  private addLinesLater(lines: string): void {
    const view = plainPiece(lines);
    view.classList.add(PENDING_CLASS);
    this.chunk!.append(view);
    this.sent.push(view);
    this.chunkLines += countLines(lines);
    if (this.chunkLines >= CHUNK_LINES) this.newChunk();
    highlightPiece(this.stream!, lines, this.fence.info, (html, clean) => this.highlighted(html, clean));
  }

  /** The worker's HTML for the oldest piece sent (and the unfinished code before it): it replaces their plain text. */
  private highlighted(html: string | undefined, clean: boolean): void {
    const view = this.sent.shift();
    if (!view) return;
    const next = html === undefined ? plainPiece((this.carried?.textContent ?? '') + (view.textContent ?? '')) : sanitizedSpan('code-piece', html);
    // The carried piece comes right before this one: the two become one, where the first was.
    if (this.carried) {
      this.carried.replaceWith(next);
      view.remove();
    } else {
      view.replaceWith(next);
    }
    this.carried = clean ? undefined : next;
  }

  private newChunk(): void {
    const chunk = document.createElement('span');
    chunk.className = 'code-chunk';
    this.code.insertBefore(chunk, this.openLineView);
    this.chunk = chunk;
    this.chunkLines = 0;
  }
}

/** Lines of code shown as they are (not highlighted, or not yet). */
function plainPiece(text: string): HTMLElement {
  const span = document.createElement('span');
  span.className = 'code-piece';
  span.textContent = text;
  return span;
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
