/**
 * Renders a reply as it streams, in time proportional to what arrived:
 * - complete blocks are rendered once and never touched again;
 * - an open fenced code block is a LiveCodeBlock: each delta appends to it;
 * - a delta of plain text that continues the last line is appended to the page as it is
 *   (plainDelta.ts says when that shows what parsing again would);
 * - otherwise the open tail block is parsed and rendered again, at most once per animation frame.
 * A delta arriving after a quiet frame is shown at once rather than at the next frame.
 * Code in a language other than TypeScript (the page's only grammar, compiled once) is highlighted by
 * the worker (highlightLater.ts), so a reply never compiles one on the page's thread.
 */
import { decorateCodeBlocks } from './codeBlockToolbar';
import { renderHighlightingLater } from './highlightLater';
import { LiveCodeBlock } from './liveCodeBlock';
import { completeBlocks, openingFence, parseMarkdown, REFERENCE_DEFINITION, renderMarkdown, renderTokens } from './markdown';
import { isPlainDelta, lastLineSettled, splitTrailingSpace } from './plainDelta';

/** How long after a render ends the next one waits for an animation frame (ms). */
const FRAME_MS = 16;
const INLINE_HOSTS = new Set(['P', 'LI', 'TD', 'TH', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
const BLOCK_CONTAINERS = new Set(['P', 'LI', 'UL', 'OL', 'BLOCKQUOTE', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TD', 'TH', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6']);

export class StreamingMarkdown {
  private source = '';
  /** Offset in `source` of the first character not yet committed to a finished block. */
  private committed = 0;
  private frame = 0;
  private lastRender = -Infinity;
  private readonly tail: HTMLElement;
  /** The open fenced code block at `committed`, and the offset in `source` up to which it has its text. */
  private live: { block: LiveCodeBlock; fed: number } | undefined;
  /** Where plain deltas go (undefined: the next delta renders the tail again), and whitespace held back. */
  private plain: { host: Element; held: string } | undefined;

  constructor(readonly element: HTMLElement, private readonly onRender?: () => void) {
    this.tail = document.createElement('div');
    this.tail.className = 'md-tail';
    element.append(this.tail);
  }

  get text(): string {
    return this.source;
  }

  append(delta: string): void {
    this.source += delta;
    if (this.live) {
      this.feedLive();
      this.onRender?.();
    } else if (!this.frame && this.plain && isPlainDelta(delta)) {
      this.appendPlain(this.plain, delta);
      this.onRender?.();
    } else if (!this.frame) {
      if (performance.now() - this.lastRender >= FRAME_MS) this.flush(false);
      else this.frame = requestAnimationFrame(() => this.flush(false));
    }
  }

  /**
   * Adds text that is already complete (a stored reply shown again) without rendering it: finish()
   * then parses and renders it once, instead of once as it arrives and again as final.
   */
  preload(text: string): void {
    this.source += text;
  }

  /** Renders everything now, the tail included, as final. */
  finish(): void {
    if (this.live) {
      this.live.block.finish();
      this.committed = this.source.length;
      this.live = undefined;
    }
    this.flush(true);
    // Reference-style links ("[docs][1]" … "[1]: https://…") resolve only when the definition is
    // rendered with the link; blocks rendered one by one cannot see it. A reply that defines any
    // is rendered once more, whole, when it ends: one extra pass, not one per delta.
    if (REFERENCE_DEFINITION.test(this.source)) {
      const whole = document.createElement('div');
      whole.className = 'md-block';
      whole.append(renderHighlightingLater(() => renderMarkdown(this.source)));
      decorateCodeBlocks(whole);
      this.element.replaceChildren(whole, this.tail);
      this.tail.replaceChildren();
      this.onRender?.();
    }
  }

  private appendPlain(plain: { host: Element; held: string }, delta: string): void {
    const [shown, held] = splitTrailingSpace(delta);
    if (!shown) {
      plain.held += held;
      return;
    }
    const text = plain.held + shown;
    plain.held = held;
    const last = plain.host.lastChild;
    if (last instanceof Text) last.appendData(text);
    else plain.host.append(text);
  }

  /** Gives the open code block the text that arrived; when its fence closes, goes on after it. */
  private feedLive(): void {
    const live = this.live!;
    const closedAt = live.block.append(this.source.slice(live.fed));
    if (closedAt === undefined) {
      live.fed = this.source.length;
      return;
    }
    this.committed = live.fed + closedAt;
    this.live = undefined;
    this.flush(false);
  }

  private flush(final: boolean): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.plain = undefined;
    let tail = this.source.slice(this.committed);
    let tokens = parseMarkdown(tail);
    const { end: done, index } = final ? { end: tail.length, index: tokens.length } : completeBlocks(tail, tokens);
    if (done > 0) {
      // The tail is parsed once: its complete blocks' tokens and the rest's are what parsing each
      // alone gives (blocks are lines), unless a reference definition in one resolves a link of the
      // other. Then each is parsed alone, as it is rendered when the reply ends.
      const split = index === tokens.length || !REFERENCE_DEFINITION.test(tail);
      const block = document.createElement('div');
      block.className = 'md-block';
      block.append(renderHighlightingLater(() => (split ? renderTokens(tokens.slice(0, index)) : renderMarkdown(tail.slice(0, done)))));
      decorateCodeBlocks(block);
      this.tail.before(block);
      this.committed += done;
      tail = tail.slice(done);
      tokens = split ? tokens.slice(index) : tail ? parseMarkdown(tail) : [];
    }
    const open = final ? undefined : openingFence(tail);
    if (open) {
      const block = new LiveCodeBlock(open.fence, tail.slice(0, open.length));
      this.tail.before(block.element);
      this.tail.replaceChildren();
      this.live = { block, fed: this.committed + open.length };
      this.feedLive();
    } else {
      this.tail.replaceChildren(renderHighlightingLater(() => renderTokens(tokens)));
      if (final) decorateCodeBlocks(this.tail);
      else this.plain = this.plainHost(tail);
    }
    this.onRender?.();
    // From the render's end: deltas queued behind a long render wait for one frame together instead
    // of each rendering the tail again at once.
    this.lastRender = performance.now();
  }

  /** Where plain text continuing the tail's last line goes: the innermost block holding its end. */
  private plainHost(tail: string): { host: Element; held: string } | undefined {
    if (!lastLineSettled(tail)) return undefined;
    let host: Element = this.tail;
    for (;;) {
      let last = host.lastChild;
      while (last instanceof Text && !last.data.trim()) last = last.previousSibling;
      if (!(last instanceof Element) || !BLOCK_CONTAINERS.has(last.tagName)) break;
      host = last;
    }
    if (!INLINE_HOSTS.has(host.tagName)) return undefined;
    return { host, held: splitTrailingSpace(tail)[1] };
  }
}
