/**
 * The chat's history on screen, cheap however long the chat. When the view opens, the newest
 * messages (what the view shows at the bottom) are rendered at once; older ones are rendered, a few
 * milliseconds at a time, when they come near the viewport (or when the find box needs one). Until
 * then, messages side by side stand in as one empty spacer of about their height, up to RUN of them:
 * a 2,000-message chat opens with 40 elements for its history, not 2,000, and a change at its end
 * lays out 40. A message's place in its spacer is computed from the estimated heights. While
 * messages above the viewport change height the first visible one stays where it is, so the view
 * never jumps; while the view follows the latest message it stays at the bottom.
 */
import type { MessageView } from '../shared/protocol';
import { el } from './dom';

/** Messages this close to the viewport (above or below) are rendered. */
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
/** Messages not rendered yet, side by side, share a spacer, up to this many (splitting one is O(RUN)). */
const RUN = 50;
/** The space between two messages (webview.css: `.messages > … + …`), which a spacer holds between its messages. */
const GAP_PX = 10;

/** A message of the history as others see it (the find box searches its text). */
export interface HistoryItem {
  readonly view: MessageView;
}

interface Item extends HistoryItem {
  view: MessageView;
  /** The message's element once rendered. */
  element: HTMLElement | undefined;
  /** Until rendered: the spacer it is in, and its estimated height there. */
  run: Run | undefined;
  height: number;
  index: number;
}

/** Messages not rendered yet, side by side, standing in as one spacer of their heights. */
interface Run {
  readonly spacer: HTMLElement;
  items: Item[];
}

export class HistoryList {
  private items: Item[] = [];
  /** How many items are not rendered yet: none, and a scroll has nothing to look up. */
  private waiting = 0;
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
    // Which messages not rendered are near the viewport is looked up after each scroll (a binary search over
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
   * the rest in spacers. Returns nothing to do for an empty history (the caller shows its hint).
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
      items[i] = { view: m, element: renderNewest(m), run: undefined, height: 0, index: i };
      filled += estimateHeight(m, charsPerLine);
    }
    this.waiting = i + 1;
    for (; i >= 0; i--) {
      const m = messages[i]!;
      items[i] = { view: m, element: undefined, run: undefined, height: estimateHeight(m, charsPerLine), index: i };
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

  /** Renders the newest messages not rendered (just above what is) while the browser is idle. */
  private renderIdle(deadline: IdleDeadline): void {
    this.idle = undefined;
    const batch: Array<[Item, HTMLElement]> = [];
    const started = performance.now();
    let rendered = 0;
    for (let i = this.items.length - 1; i >= 0 && rendered < IDLE_RENDERED; i--) {
      const it = this.items[i]!;
      if (it.element) {
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
    this.items.push({ view, element, run: undefined, height: 0, index: this.items.length });
    this.list.append(element);
  }

  /**
   * The message shown as `id` is `view` (the same text, now with its stored id): nothing is rendered
   * again. False if no rendered message has that id.
   */
  adopt(id: string, view: MessageView): boolean {
    const it = this.items.findLast((i) => i.view.id === id);
    if (!it?.element) return false;
    it.view = view;
    it.element.dataset.messageId = view.id;
    return true;
  }

  /** Shows a message again as it now is (rendered, or to be rendered from it). */
  replace(view: MessageView): void {
    const it = this.items.findLast((i) => i.view.id === view.id);
    if (!it) return;
    it.view = view;
    if (!it.element) return;
    const next = this.render(view);
    it.element.replaceWith(next);
    it.element = next;
  }

  remove(id: string): void {
    const at = this.items.findIndex((i) => i.view.id === id);
    if (at < 0) return;
    const it = this.items.splice(at, 1)[0]!;
    it.element?.remove();
    if (!it.element) this.waiting--;
    const run = it.run;
    if (run) {
      run.items = run.items.filter((x) => x !== it);
      if (run.items.length) sizeSpacer(run);
      else run.spacer.remove();
    }
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
        if (!it || it.element) continue;
        if (d > 0 && performance.now() - started > SLICE_MS * 3) continue;
        batch.push([it, this.render(it.view)]);
      }
    }
    this.swap(batch, false);
    return this.items[index]?.element;
  }

  /** A rendering slice in a task of its own, after the current one (a scroll, the first paint). */
  private schedule(): void {
    if (this.timer === undefined && this.painted && this.waiting > 0) this.timer = window.setTimeout(() => this.renderSlice(), 0);
  }

  /** Where a message is on screen: its element's, or its place in its spacer (estimated heights). */
  private rect(it: Item): { top: number; bottom: number } {
    if (it.element) return it.element.getBoundingClientRect();
    const run = it.run!;
    let top = run.spacer.getBoundingClientRect().top;
    for (const x of run.items) {
      if (x === it) break;
      top += x.height + GAP_PX;
    }
    return { top, bottom: top + it.height };
  }

  /** Messages not rendered within MARGIN_PX of the viewport, nearest first. */
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
      const aIn = !!a && this.rect(a).bottom > top;
      const bIn = !!b && this.rect(b).top < bottom;
      if (aIn && !a.element) out.push(a);
      if (bIn && !b.element) out.push(b);
      if (!aIn && !bIn) break;
      if (!aIn) up = -1;
      if (!bIn) down = this.items.length;
    }
    return out;
  }

  /** Renders the messages nearest the viewport for one slice; schedules the next. */
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

  /** Puts rendered messages in their places in their spacers, keeping the view still. */
  private swap(batch: Array<[Item, HTMLElement]>, keepStill: boolean): void {
    if (!batch.length) return;
    const follow = keepStill && this.following();
    const anchor = keepStill && !follow ? this.anchor(new Set(batch.map(([it]) => it))) : undefined;
    const before = anchor ? this.rect(anchor).top : 0;
    for (const [it, element] of batch) putInPlace(it, element);
    this.waiting -= batch.length;
    if (follow) this.toBottom();
    else if (anchor) {
      // Heights are fractional (a line is 1.5 em) but scrollTop is whole pixels: what rounding left
      // out is carried to the next swap, so that swaps one after another do not drift the view.
      const target = this.scroller.scrollTop + this.rect(anchor).top - before + this.drift;
      this.scroller.scrollTop = target;
      this.drift = target - this.scroller.scrollTop;
      if (Math.abs(this.drift) >= 1) this.drift = 0; // clamped at an end: nothing to carry
    }
  }

  /**
   * What stays still while `swapped` change height: the first message in view that is not among them.
   * A message not rendered at the top edge is no anchor: rendered, it is taller or shorter than its
   * estimate, and keeping its top still would move everything under it.
   */
  private anchor(swapped: ReadonlySet<Item>): Item | undefined {
    const bottom = this.scroller.getBoundingClientRect().bottom;
    const first = this.firstVisible();
    for (let k = first; k < this.items.length; k++) {
      const it = this.items[k]!;
      if (!swapped.has(it)) return it;
      if (this.rect(it).bottom >= bottom) break;
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
      if (this.rect(this.items[mid]!).bottom <= top) lo = mid + 1;
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

/** The list's children: rendered messages as they are, the others side by side in spacers of up to RUN. */
function withRuns(items: ReadonlyArray<Item>): HTMLElement[] {
  const out: HTMLElement[] = [];
  let waiting: Item[] = [];
  const spacers = (): void => {
    for (let k = 0; k < waiting.length; k += RUN) out.push(newRun(waiting.slice(k, k + RUN)).spacer);
    waiting = [];
  };
  for (const it of items) {
    if (!it.element) waiting.push(it);
    else {
      spacers();
      out.push(it.element);
    }
  }
  spacers();
  return out;
}

/** A spacer standing in for `items`. */
function newRun(items: Item[]): Run {
  const run: Run = { spacer: el('div', { class: 'history-spacer', 'aria-hidden': 'true' }), items };
  for (const it of items) it.run = run;
  sizeSpacer(run);
  return run;
}

/** A spacer as tall as its messages' estimates and the gaps between them. */
function sizeSpacer(run: Run): void {
  let height = GAP_PX * (run.items.length - 1);
  for (const it of run.items) height += it.height;
  run.spacer.style.height = `${height}px`;
  run.spacer.dataset.messages = String(run.items.length);
}

/** Puts a rendered message where it is in its spacer: the spacer shrinks to the messages before it, and those after it get one of their own. */
function putInPlace(it: Item, element: HTMLElement): void {
  const run = it.run;
  it.element = element;
  it.run = undefined;
  if (!run) return;
  const k = run.items.indexOf(it);
  const before = run.items.slice(0, k);
  const after = run.items.slice(k + 1);
  if (!before.length && !after.length) {
    run.spacer.replaceWith(element);
    return;
  }
  run.items = before.length ? before : after;
  sizeSpacer(run);
  if (!before.length) {
    run.spacer.before(element);
    return;
  }
  run.spacer.after(element);
  if (after.length) element.after(newRun(after).spacer);
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
