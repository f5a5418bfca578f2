/**
 * Renders a reply as it streams, in time proportional to what arrived: complete blocks are
 * rendered once and never touched again; only the open tail block is re-rendered, at most
 * once per animation frame however many deltas arrive.
 */
import { decorateCodeBlocks } from './codeBlockToolbar';
import { completeBlocksEnd, renderMarkdown } from './markdown';

export class StreamingMarkdown {
  private source = '';
  /** Offset in `source` of the first character not yet committed to a finished block. */
  private committed = 0;
  private frame = 0;
  private readonly tail: HTMLElement;

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
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush(false));
  }

  /** Renders everything now, the tail included, as final. */
  finish(): void {
    this.flush(true);
    // Reference-style links ("[docs][1]" … "[1]: https://…") resolve only when the definition is
    // rendered with the link; blocks rendered one by one cannot see it. A reply that defines any
    // is rendered once more, whole, when it ends: one extra pass, not one per delta.
    if (/^ {0,3}\[[^\]\n]+\]:[ \t]*\S/m.test(this.source)) {
      const whole = document.createElement('div');
      whole.className = 'md-block';
      whole.append(renderMarkdown(this.source));
      decorateCodeBlocks(whole);
      this.element.replaceChildren(whole, this.tail);
      this.tail.replaceChildren();
      this.onRender?.();
    }
  }

  private flush(final: boolean): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    let tail = this.source.slice(this.committed);
    const done = final ? tail.length : completeBlocksEnd(tail);
    if (done > 0) {
      const block = document.createElement('div');
      block.className = 'md-block';
      block.append(renderMarkdown(tail.slice(0, done)));
      decorateCodeBlocks(block);
      this.tail.before(block);
      this.committed += done;
      tail = tail.slice(done);
    }
    this.tail.replaceChildren(renderMarkdown(tail));
    if (final) decorateCodeBlocks(this.tail);
    this.onRender?.();
  }
}
