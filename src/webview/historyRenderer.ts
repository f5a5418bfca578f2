/**
 * The chat's history on screen, cheap however long the chat. When the view opens, the newest
 * messages (what the view shows at the bottom) are rendered at once; each older one stands in as
 * an empty placeholder of about its height and is rendered, a few milliseconds at a time, when it
 * comes near the viewport (or when the find box needs it). Placeholders side by side are kept in
 * runs, so that a change at the end of a long chat does not lay out each of them again. While
 * messages above the viewport change height the first visible one stays where it is, so the view
 * never jumps; while the view follows the latest message it stays at the bottom.
 */
import type { MessageView } from '../shared/protocol';
import { el } from './dom';

/** Placeholders this close to the viewport (above or below) are rendered. */
const MARGIN_PX = 1500;
/** Main-thread time one rendering slice may take before it yields to the browser. */
const SLICE_MS = 10;
/** When the view opens: the newest messages rendered before the first paint fill the viewport (estimated)… */
const FIRST_SCREENS = 1;
/** …unless rendering them takes longer than this. */
const FIRST_BUDGET_MS = 20;
/** A busy workbench leaves the webview little idle time: idle rendering goes on after this long anyway. */
const IDLE_TIMEOUT = { timeout: 200 };
/** In idle time, the newest messages are rendered up to this many, so scrolling up finds them ready. */
const IDLE_RENDERED = 40;
/** The view's height assumed while it has none (hidden). */
const FALLBACK_HEIGHT_PX = 800;
/**
 * Placeholders side by side are kept in runs of up to this many, a wrapper each: laying out the list
 * after a change (a message added, a reply growing) then visits a run, not each of its placeholders.
 */
const RUN = 50;

export interface HistoryItem {
  readonly view: MessageView;
  /** The message's element, or its placeholder. */
  readonly element: HTMLElement;
  readonly rendered: boolean;
}

interface Item extends HistoryItem {
  view: MessageView;
  element: HTMLElement;
  rendered: boolean;
  index: number;
}

export class HistoryList {
  private items: Item[] = [];
  private timer: number | undefined;
  private idle: number | undefined;
  /** Counts resets: work scheduled for an earlier history is dropped. */
  private generation = 0;
  /** The part of a pixel the last anchored swap could not scroll by (scrollTop is whole pixels). */
  private drift = 0;
  /** False from a reset until its first frame is painted: nothing delays that frame. */
  private painted = true;

  constructor(
    private readonly list: HTMLElement,
    private readonly scroller: HTMLElement,
    /** Renders one message of the history (not streaming). */
    private readonly render: (m: MessageView) => HTMLElement,
    private readonly following: () => boolean,
    private readonly toBottom: () => void,
  ) {
    // Which placeholders are near the viewport is looked up after each scroll (a binary search over
    // the messages' positions), not observed one by one: thousands of observed elements cost every frame.
    scroller.addEventListener('scroll', () => this.schedule(), { passive: true });
    window.addEventListener('resize', () => this.schedule());
  }

  get length(): number {
    return this.items.length;
  }

  at(index: number): HistoryItem | undefined {
    return this.items[index];
  }

  /** Looked up from the newest: the message asked for is nearly always the reply streaming at the end. */
  find(id: string): HistoryItem | undefined {
    return this.items.findLast((i) => i.view.id === id);
  }

  /**
   * Shows a whole history: the newest messages rendered now (`renderNewest` for the streaming reply),
   * the rest as placeholders. Returns nothing to do for an empty history (the caller shows its hint).
   */
  reset(messages: ReadonlyArray<MessageView>, renderNewest: (m: MessageView) => HTMLElement = this.render): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.idle !== undefined) cancelIdleCallback(this.idle);
    this.idle = undefined;
    this.painted = false;
    const started = performance.now();
    const viewport = this.scroller.clientHeight || FALLBACK_HEIGHT_PX;
    const charsPerLine = this.charsPerLine();
    const items: Item[] = new Array<Item>(messages.length);
    let filled = 0;
    let i = messages.length - 1;
    for (; i >= 0; i--) {
      if (filled >= viewport * FIRST_SCREENS || (i < messages.length - 1 && performance.now() - started > FIRST_BUDGET_MS)) break;
      const m = messages[i]!;
      items[i] = { view: m, element: renderNewest(m), rendered: true, index: i };
      filled += estimateHeight(m, charsPerLine);
    }
    for (; i >= 0; i--) {
      const m = messages[i]!;
      items[i] = { view: m, element: placeholder(m, estimateHeight(m, charsPerLine)), rendered: false, index: i };
    }
    this.items = items;
    this.list.replaceChildren(...withRuns(items));
    // The rest once the first frame is painted (a task after the next animation frame).
    const generation = ++this.generation;
    requestAnimationFrame(() =>
      setTimeout(() => {
        if (generation !== this.generation) return;
        this.painted = true;
        this.schedule();
        this.idle = requestIdleCallback((d) => this.renderIdle(d), IDLE_TIMEOUT);
      }, 0),
    );
  }

  /** Renders the newest placeholders (just above what is rendered) while the browser is idle. */
  private renderIdle(deadline: IdleDeadline): void {
    this.idle = undefined;
    const batch: Array<[Item, HTMLElement]> = [];
    const started = performance.now();
    let rendered = 0;
    for (let i = this.items.length - 1; i >= 0 && rendered < IDLE_RENDERED; i--) {
      const it = this.items[i]!;
      if (it.rendered) {
        rendered++;
        continue;
      }
      if ((!deadline.didTimeout && deadline.timeRemaining() < 2) || performance.now() - started > SLICE_MS) break;
      batch.push([it, this.render(it.view)]);
      rendered++;
    }
    this.swap(batch, true);
    if (batch.length) this.idle = requestIdleCallback((d) => this.renderIdle(d), IDLE_TIMEOUT);
  }

  /** A new message at the end (rendered by the caller: the user's message, a reply starting). */
  append(view: MessageView, element: HTMLElement): void {
    this.items.push({ view, element, rendered: true, index: this.items.length });
    this.list.append(element);
  }

  /** Shows a message again as it now is (rendered, or a placeholder to be rendered from it). */
  replace(view: MessageView): void {
    const it = this.items.findLast((i) => i.view.id === view.id);
    if (!it) return;
    it.view = view;
    if (!it.rendered) return;
    const next = this.render(view);
    it.element.replaceWith(next);
    it.element = next;
  }

  remove(id: string): void {
    const at = this.items.findIndex((i) => i.view.id === id);
    if (at < 0) return;
    const [it] = this.items.splice(at, 1);
    const run = it!.element.parentElement;
    it!.element.remove();
    if (run?.classList.contains('placeholder-run') && !run.firstChild) run.remove();
    this.items.forEach((x, k) => (x.index = k));
  }

  /**
   * Makes sure message `index` and a few around it are rendered (for the find box), and returns its
   * element. Only those few are rendered now; the view is about to scroll to it anyway.
   */
  reveal(index: number, around = 3): HTMLElement | undefined {
    const batch: Array<[Item, HTMLElement]> = [];
    const started = performance.now();
    for (let d = 0; d <= around; d++) {
      for (const k of d ? [index - d, index + d] : [index]) {
        const it = this.items[k];
        if (!it || it.rendered) continue;
        if (d > 0 && performance.now() - started > SLICE_MS * 3) continue;
        batch.push([it, this.render(it.view)]);
      }
    }
    this.swap(batch, false);
    return this.items[index]?.element;
  }

  /** A rendering slice in a task of its own, after the current one (a scroll, the first paint). */
  private schedule(): void {
    if (this.timer === undefined && this.painted) this.timer = window.setTimeout(() => this.renderSlice(), 0);
  }

  /** Placeholders within MARGIN_PX of the viewport, nearest first. */
  private near(): Item[] {
    const out: Item[] = [];
    if (!this.items.length) return out;
    const view = this.scroller.getBoundingClientRect();
    const top = view.top - MARGIN_PX;
    const bottom = view.bottom + MARGIN_PX;
    const first = this.firstVisible();
    for (let up = first, down = first + 1; up >= 0 || down < this.items.length; up--, down++) {
      const a = up >= 0 ? this.items[up]! : undefined;
      const b = down < this.items.length ? this.items[down]! : undefined;
      const aIn = !!a && a.element.getBoundingClientRect().bottom > top;
      const bIn = !!b && b.element.getBoundingClientRect().top < bottom;
      if (aIn && !a.rendered) out.push(a);
      if (bIn && !b.rendered) out.push(b);
      if (!aIn && !bIn) break;
      if (!aIn) up = -1;
      if (!bIn) down = this.items.length;
    }
    return out;
  }

  /** Renders the placeholders nearest the viewport for one slice; schedules the next. */
  private renderSlice(): void {
    this.timer = undefined;
    const near = this.near();
    if (!near.length) return;
    const started = performance.now();
    const batch: Array<[Item, HTMLElement]> = [];
    for (const it of near) {
      if (batch.length && performance.now() - started > SLICE_MS) break;
      batch.push([it, this.render(it.view)]);
    }
    this.swap(batch, true);
    this.schedule();
  }

  /** Puts rendered messages in place of their placeholders, keeping the view still. */
  private swap(batch: Array<[Item, HTMLElement]>, keepStill: boolean): void {
    if (!batch.length) return;
    const follow = keepStill && this.following();
    const anchor = keepStill && !follow ? this.anchor(new Set(batch.map(([it]) => it))) : undefined;
    const before = anchor?.element.getBoundingClientRect().top ?? 0;
    for (const [it, element] of batch) {
      putInPlaceOf(it.element, element);
      it.element = element;
      it.rendered = true;
    }
    if (follow) this.toBottom();
    else if (anchor) {
      // Heights are fractional (a line is 1.5 em) but scrollTop is whole pixels: what rounding left
      // out is carried to the next swap, so that swaps one after another do not drift the view.
      const target = this.scroller.scrollTop + anchor.element.getBoundingClientRect().top - before + this.drift;
      this.scroller.scrollTop = target;
      this.drift = target - this.scroller.scrollTop;
      if (Math.abs(this.drift) >= 1) this.drift = 0; // clamped at an end: nothing to carry
    }
  }

  /**
   * What stays still while `swapped` change height: the first message in view that is not among them.
   * A placeholder at the top edge is no anchor: rendered, it is taller or shorter than its estimate,
   * and keeping its top still would move everything under it.
   */
  private anchor(swapped: ReadonlySet<Item>): Item | undefined {
    const bottom = this.scroller.getBoundingClientRect().bottom;
    const first = this.firstVisible();
    for (let k = first; k < this.items.length; k++) {
      const it = this.items[k]!;
      if (!swapped.has(it)) return it;
      if (it.element.getBoundingClientRect().bottom >= bottom) break;
    }
    return this.items[first];
  }

  /** Index of the first message at least partly in view (binary search: they are in order). */
  private firstVisible(): number {
    const top = this.scroller.getBoundingClientRect().top;
    let lo = 0;
    let hi = this.items.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.items[mid]!.element.getBoundingClientRect().bottom <= top) lo = mid + 1;
      else hi = mid;
    }
    return Math.max(0, lo);
  }

  /** Roughly how many characters fit on a line of a message (no layout is forced when it is clean). */
  private charsPerLine(): number {
    const width = this.list.clientWidth || this.scroller.clientWidth || 300;
    return Math.max(20, Math.floor((width - 16) / 7));
  }
}

/** The list's children: rendered messages as they are, placeholders side by side in runs of up to RUN. */
function withRuns(items: ReadonlyArray<Item>): HTMLElement[] {
  const out: HTMLElement[] = [];
  let run: HTMLElement | undefined;
  for (const it of items) {
    if (it.rendered) {
      out.push(it.element);
      run = undefined;
      continue;
    }
    if (!run || run.childElementCount >= RUN) {
      run = el('div', { class: 'placeholder-run' });
      out.push(run);
    }
    run.append(it.element);
  }
  return out;
}

/**
 * Puts a rendered message where its placeholder was. A run holds placeholders only: the message goes
 * before or after the run, and a run it falls in the middle of is split in two.
 */
function putInPlaceOf(placeholder: HTMLElement, element: HTMLElement): void {
  const run = placeholder.parentElement;
  if (!run?.classList.contains('placeholder-run')) {
    placeholder.replaceWith(element);
    return;
  }
  if (!placeholder.previousElementSibling) run.before(element);
  else if (!placeholder.nextElementSibling) run.after(element);
  else {
    const rest = el('div', { class: 'placeholder-run' });
    while (placeholder.nextSibling) rest.append(placeholder.nextSibling);
    run.after(element, rest);
  }
  placeholder.remove();
  if (!run.firstChild) run.remove();
}

function placeholder(m: MessageView, height: number): HTMLElement {
  const p = el('div', { class: `message-placeholder ${m.role}`, 'aria-hidden': 'true', 'data-message-id': m.id });
  p.style.height = `${height}px`;
  return p;
}

/** About how tall a message renders: its lines at the view's width (no layout, no markdown). */
export function estimateHeight(m: MessageView, charsPerLine: number): number {
  const t = m.text;
  let lines = 0;
  let from = 0;
  for (;;) {
    const nl = t.indexOf('\n', from);
    const len = (nl < 0 ? t.length : nl) - from;
    lines += Math.max(1, Math.ceil(len / charsPerLine));
    if (nl < 0) break;
    from = nl + 1;
  }
  return 14 + lines * 19 + (m.role === 'assistant' ? 26 : 0) + (m.attachments?.length ? 24 : 0);
}
