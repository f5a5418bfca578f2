// The in-page probes the bench injects into the chat webview's document (timestamps on the bench
// clock, read back afterwards). Driving the chat itself is test/e2e/pages/chat.ts, shared with the e2e tests.
import type { Frame, Page } from 'playwright-core';
import { waitFor } from '../test/runner/env';
import { chatFrame, chatInput } from '../test/e2e/pages/chat';
import { CLOCK_SCRIPT, clockScript } from './util';

/** Opens (focuses) the chat view and returns its document's frame, with the bench clock installed. */
export async function chatFrameWithClock(page: Page): Promise<Frame> {
  const frame = await chatFrame(page);
  await chatInput(frame).waitFor({ state: 'visible', timeout: 30_000 });
  await frame.evaluate(CLOCK_SCRIPT);
  return frame;
}

/**
 * Installs, in the chat document, a capturing keydown listener that records when Enter is next
 * pressed in the input (window.__benchEnterAt, on the bench clock; read back with enterAt()).
 */
export async function watchEnter(frame: Frame): Promise<void> {
  await frame.evaluate(() => {
    const w = window as unknown as { __benchNow(): number; __benchEnterAt?: number };
    w.__benchEnterAt = undefined;
    const input = document.querySelector('textarea.input')!;
    // Every key of the question comes first when it is typed: the listener goes once it has seen Enter.
    const onKey = (e: Event): void => {
      if ((e as KeyboardEvent).key !== 'Enter' || w.__benchEnterAt !== undefined) return;
      w.__benchEnterAt = w.__benchNow();
      input.removeEventListener('keydown', onKey, { capture: true });
    };
    input.addEventListener('keydown', onKey, { capture: true });
  });
}

/** When Enter was pressed since watchEnter(). */
export async function enterAt(frame: Frame): Promise<number> {
  const t = await frame.evaluate(() => (window as unknown as { __benchEnterAt?: number }).__benchEnterAt);
  if (t === undefined) throw new Error('the chat document saw no Enter');
  return t;
}

/**
 * Installs, in the chat document, a MutationObserver that records when text containing `needle`
 * is first added to the DOM (window.__benchSeen), and watchEnter()'s Enter listener. Times on the
 * bench clock.
 */
export async function watchFor(frame: Frame, needle: string): Promise<void> {
  await frame.evaluate((needle) => {
    const w = window as unknown as { __benchNow(): number; __benchSeen?: number; __benchObs?: MutationObserver };
    w.__benchObs?.disconnect();
    w.__benchSeen = undefined;
    // Text arrives as new nodes (a block rendered) or appended to a text node (a plain delta).
    const obs = new MutationObserver((records) => {
      if (w.__benchSeen !== undefined) return;
      for (const r of records) {
        const texts = r.type === 'characterData' ? [(r.target as Text).data] : Array.from(r.addedNodes).map((n) => n.textContent ?? '');
        if (texts.some((t) => t.includes(needle))) {
          w.__benchSeen = w.__benchNow();
          obs.disconnect();
          return;
        }
      }
    });
    obs.observe(document.querySelector('.messages')!, { childList: true, subtree: true, characterData: true });
    w.__benchObs = obs;
  }, needle);
  await watchEnter(frame);
}

export async function seenAt(frame: Frame, timeoutMs = 120_000): Promise<{ seenAt: number; enterAt: number }> {
  return waitFor(
    'the watched text in the chat',
    () =>
      frame.evaluate(() => {
        const w = window as unknown as { __benchSeen?: number; __benchEnterAt?: number };
        return w.__benchSeen !== undefined ? { seenAt: w.__benchSeen, enterAt: w.__benchEnterAt ?? NaN } : undefined;
      }),
    timeoutMs,
    50,
  );
}

/**
 * Latency probe: records, for every marker Q<5 digits>Z, when it first reached the chat document
 * as a message (window 'message' event, before rendering) and when its text was first added to the
 * DOM (MutationObserver). Read back with readMarkers().
 */
export async function watchMarkers(frame: Frame): Promise<void> {
  await frame.evaluate(() => {
    const w = window as unknown as {
      __benchNow(): number;
      __benchDom: Record<string, number>;
      __benchMsg: Record<string, number>;
      __benchObs?: MutationObserver;
    };
    w.__benchObs?.disconnect();
    w.__benchDom = {};
    w.__benchMsg = {};
    const re = /Q(\d{5})Z/g;
    const obs = new MutationObserver((records) => {
      const t = w.__benchNow();
      for (const r of records) {
        // Text arrives as new nodes (a block rendered) or appended to a text node (a plain delta:
        // only what was appended, plus a marker's length before it, is new).
        const texts =
          r.type === 'characterData'
            ? [(r.target as Text).data.slice(Math.max(0, (r.oldValue ?? '').length - 8))]
            : Array.from(r.addedNodes).map((n) => n.textContent ?? '');
        for (const text of texts) {
          if (!text.includes('Q')) continue;
          for (const m of text.matchAll(re)) if (!(m[1]! in w.__benchDom)) w.__benchDom[m[1]!] = t;
        }
      }
    });
    obs.observe(document.querySelector('.messages')!, { childList: true, subtree: true, characterData: true, characterDataOldValue: true });
    w.__benchObs = obs;
    window.addEventListener(
      'message',
      (e: MessageEvent) => {
        const d = e.data as { type?: string; text?: string } | undefined;
        if (d?.type !== 'replyDelta' || !d.text) return;
        const t = w.__benchNow();
        for (const m of d.text.matchAll(re)) if (!(m[1]! in w.__benchMsg)) w.__benchMsg[m[1]!] = t;
      },
      true,
    );
  });
}

export async function readMarkers(frame: Frame): Promise<{ dom: Map<number, number>; msg: Map<number, number> }> {
  const r = await frame.evaluate(() => {
    const w = window as unknown as { __benchDom: Record<string, number>; __benchMsg: Record<string, number>; __benchObs?: MutationObserver };
    w.__benchObs?.disconnect();
    return { dom: w.__benchDom, msg: w.__benchMsg };
  });
  const toMap = (o: Record<string, number>): Map<number, number> => new Map(Object.entries(o).map(([k, v]) => [Number(k), v]));
  return { dom: toMap(r.dom), msg: toMap(r.msg) };
}

/**
 * An init script (page.addInitScript) that times how the chat view comes back after a reload.
 * VS Code creates the webview's inner iframe (about:blank), navigates it to fake.html and then
 * document.write()s the extension's HTML into it: Chromium runs init scripts only for the first of
 * these documents, and document.open() drops event listeners and observers, but the Window and its
 * timers survive. So the script polls (every 4 ms, only in webview frames) until the chat's #app
 * exists, then listens for the first `state` message; the history is rendered synchronously in that
 * message's handler, so a setTimeout(0) from it fires right after the render, and the next
 * animation frame is the first paint with the history.
 * window.__benchPaint = { createdAt, stateAt?, renderedAt?, rafAt?, paintedAt?, children?, states }
 * (bench clock).
 */
export const FIRST_PAINT_INIT = `(() => {
  ${clockScript(2)}
  if (window.__benchPaint) return;
  const rec = window.__benchPaint = { createdAt: window.__benchNow(), states: 0 };
  const started = Date.now();
  let hooked = false;
  const iv = setInterval(() => {
    const p = location.pathname;
    if ((p !== 'blank' && !p.includes('/webview/')) || Date.now() - started > 120000) { clearInterval(iv); return; }
    if (hooked || !document.getElementById('app') || document.body.dataset.kind !== 'chat') return;
    hooked = true;
    clearInterval(iv);
    window.addEventListener('message', (e) => {
      if (!e.data || e.data.type !== 'state') return;
      rec.states++;
      if (rec.stateAt) return;
      rec.stateAt = window.__benchNow();
      setTimeout(() => {
        rec.renderedAt = window.__benchNow();
        const list = document.querySelector('.messages');
        // Messages rendered, those in spacers (not rendered yet), or the empty chat's hint.
        rec.children = list ? list.querySelectorAll('.message, .empty').length + Array.from(list.querySelectorAll('.history-spacer')).reduce((n, s) => n + Number(s.dataset.messages), 0) : 0;
        requestAnimationFrame(() => {
          rec.rafAt = window.__benchNow();
          setTimeout(() => { rec.paintedAt = window.__benchNow(); }, 0);
        });
      }, 0);
    }, true);
  }, 4);
})();`;

export interface FirstPaint {
  createdAt: number;
  stateAt?: number;
  renderedAt?: number;
  rafAt?: number;
  paintedAt?: number;
  children?: number;
  states: number;
}

/**
 * Counts the replyDelta messages the chat document receives (window.__benchDeltaMsgs), to show how
 * the host batches a stream's deltas into webview messages. Costs one listener call per message.
 */
export async function countDeltaMessages(frame: Frame): Promise<void> {
  await frame.evaluate(() => {
    const w = window as unknown as { __benchDeltaMsgs: number; __benchCounting?: boolean };
    w.__benchDeltaMsgs = 0;
    if (w.__benchCounting) return;
    w.__benchCounting = true;
    window.addEventListener('message', (e: MessageEvent) => {
      if ((e.data as { type?: string } | undefined)?.type === 'replyDelta') w.__benchDeltaMsgs++;
    });
  });
}

export function deltaMessages(frame: Frame): Promise<number> {
  return frame.evaluate(() => (window as unknown as { __benchDeltaMsgs?: number }).__benchDeltaMsgs ?? NaN);
}

/**
 * Records when the chat document received its last replyDelta and its replyDone message
 * (window.__benchLastDeltaAt / __benchDoneAt, bench clock), to split the overhead into getting
 * the text to the webview and showing it.
 */
export async function watchArrivals(frame: Frame): Promise<void> {
  await frame.evaluate(() => {
    const w = window as unknown as { __benchNow(): number; __benchLastDeltaAt?: number; __benchDoneAt?: number; __benchArrivals?: boolean };
    w.__benchLastDeltaAt = undefined;
    w.__benchDoneAt = undefined;
    if (w.__benchArrivals) return;
    w.__benchArrivals = true;
    window.addEventListener(
      'message',
      (e: MessageEvent) => {
        const type = (e.data as { type?: string } | undefined)?.type;
        if (type === 'replyDelta') w.__benchLastDeltaAt = w.__benchNow();
        else if (type === 'replyDone') w.__benchDoneAt = w.__benchNow();
      },
      true,
    );
  });
}

export function arrivals(frame: Frame): Promise<{ lastDeltaAt: number; doneAt: number }> {
  return frame.evaluate(() => {
    const w = window as unknown as { __benchLastDeltaAt?: number; __benchDoneAt?: number };
    return { lastDeltaAt: w.__benchLastDeltaAt ?? NaN, doneAt: w.__benchDoneAt ?? NaN };
  });
}
