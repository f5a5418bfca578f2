/**
 * Find in the chat (Ctrl+F / Cmd+F; a sidebar webview has no find of its own). It searches every
 * message of the history, also the ones not rendered yet, renders the one with the match, scrolls
 * to it and highlights it. Enter / Shift+Enter: next / previous match; Escape closes.
 */
import { el, iconButton } from './dom';
import type { HistoryList } from './historyRenderer';

interface Match {
  /** Message index in the history. */
  message: number;
  /** Which occurrence in that message. */
  nth: number;
}

const HIGHLIGHT = 'chat-find';
const HIGHLIGHT_CURRENT = 'chat-find-current';
/** Text inside these is not what the user reads as the message (buttons, collapsed thinking). */
const SKIP = 'button, .code-toolbar, details.thinking, .reply-footer, .reply-status, .steps, .change-set, .chips';

export class FindBox {
  readonly element: HTMLElement;
  private readonly input = el('input', { type: 'text', class: 'find-input', placeholder: 'Find', 'aria-label': 'Find in chat' });
  private readonly count = el('span', { class: 'find-count', role: 'status', 'aria-live': 'polite' });
  private matches: Match[] = [];
  private current = -1;
  private query = '';
  private debounce: number | undefined;

  constructor(
    private readonly history: HistoryList,
    private readonly scroller: HTMLElement,
    private readonly onClose: () => void,
  ) {
    this.element = el(
      'div',
      { class: 'find-box', role: 'search' },
      this.input,
      this.count,
      iconButton('arrow-up', 'Previous Match (Shift+Enter)', () => this.step(-1)),
      iconButton('arrow-down', 'Next Match (Enter)', () => this.step(1)),
      iconButton('close', 'Close (Escape)', () => this.close()),
    );
    this.element.hidden = true;
    this.input.addEventListener('input', () => {
      if (this.debounce !== undefined) clearTimeout(this.debounce);
      // Each search reads the whole history: wait for a pause in typing when it is long.
      this.debounce = window.setTimeout(() => this.search(), this.history.length > 300 ? 120 : 0);
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        if (this.debounce !== undefined || this.input.value !== this.query) this.search(e.shiftKey ? -1 : 1);
        else this.step(e.shiftKey ? -1 : 1);
      } else if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        this.close();
      }
    });
    // Ctrl+F / Cmd+F anywhere in the chat opens it; the workbench does not get the key.
    document.addEventListener(
      'keydown',
      (e) => {
        if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'f') {
          e.preventDefault();
          e.stopPropagation();
          this.open();
        }
      },
      true,
    );
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  open(): void {
    this.element.hidden = false;
    this.input.focus();
    this.input.select();
    if (this.input.value) this.search();
  }

  close(): void {
    if (this.debounce !== undefined) clearTimeout(this.debounce);
    this.debounce = undefined;
    this.element.hidden = true;
    this.clearHighlights();
    this.onClose();
  }

  /** The history changed under the box (a new state): search again if it is open. */
  refresh(): void {
    if (this.isOpen && this.query) this.search();
  }

  /**
   * Finds the query in every message's text. The first match shown is the newest (nearest the
   * bottom, where the chat is read); `direction` moves from there at once (Enter before the pause).
   */
  private search(direction = 0): void {
    this.debounce = undefined;
    this.query = this.input.value;
    const q = this.query.toLowerCase();
    this.matches = [];
    if (q) {
      for (let i = 0; i < this.history.length; i++) {
        const item = this.history.at(i)!;
        const text = item.view.text.toLowerCase();
        let nth = 0;
        for (let at = text.indexOf(q); at >= 0; at = text.indexOf(q, at + q.length)) this.matches.push({ message: i, nth: nth++ });
      }
    }
    this.current = this.matches.length - 1;
    if (direction) this.current = (this.current + direction + this.matches.length) % Math.max(1, this.matches.length);
    this.show();
  }

  private step(direction: 1 | -1): void {
    if (!this.matches.length) return;
    this.current = (this.current + direction + this.matches.length) % this.matches.length;
    this.show();
  }

  private show(): void {
    this.clearHighlights();
    const n = this.matches.length;
    this.count.textContent = !this.query ? '' : n ? `${this.current + 1} of ${n}` : 'No results';
    this.element.classList.toggle('no-results', !!this.query && !n);
    const match = this.matches[this.current];
    if (!match) return;
    const element = this.history.reveal(match.message);
    if (!element) return;
    const ranges = textRanges(element, this.query);
    const range = ranges[Math.min(match.nth, ranges.length - 1)];
    if (!range) {
      // The match is in markdown the page does not show as text (e.g. a link's address): show the message.
      element.scrollIntoView({ block: 'center' });
      return;
    }
    if (typeof CSS !== 'undefined' && 'highlights' in CSS) {
      CSS.highlights.set(HIGHLIGHT, new Highlight(...ranges.filter((r) => r !== range)));
      CSS.highlights.set(HIGHLIGHT_CURRENT, new Highlight(range));
    }
    const box = range.getBoundingClientRect();
    const view = this.scroller.getBoundingClientRect();
    if (box.top < view.top || box.bottom > view.bottom) this.scroller.scrollTop += box.top - view.top - view.height / 2 + box.height / 2;
  }

  private clearHighlights(): void {
    if (typeof CSS !== 'undefined' && 'highlights' in CSS) {
      CSS.highlights.delete(HIGHLIGHT);
      CSS.highlights.delete(HIGHLIGHT_CURRENT);
    }
  }
}

/** Ranges of every occurrence of `query` (case-insensitive) in the text a message shows. */
function textRanges(root: HTMLElement, query: string): Range[] {
  const q = query.toLowerCase();
  const ranges: Range[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement?.closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = (n.nodeValue ?? '').toLowerCase();
    for (let at = text.indexOf(q); at >= 0; at = text.indexOf(q, at + q.length)) {
      const r = document.createRange();
      r.setStart(n, at);
      r.setEnd(n, at + q.length);
      ranges.push(r);
    }
  }
  return ranges;
}
