// Benchmark 5 (BENCHMARKS.md §5), long chats. The chats are stored straight into the workspace's
// storage (test/e2e/pages/chatStorage.ts: what the extension would have saved; typing 1,000 questions
// would take half an hour) and the window reloaded, so the extension opens them as any saved chat:
//   - the empty chat (the reference): reloads, and sends in a short chat;
//   - BENCH_TURNS questions (default 100 → 200 messages): reloads measuring the rendering before the
//     first paint, heap and DOM size, and sends;
//   - BENCH_LONG_TURNS questions (default 1,000 → 2,000 messages): open (reload), scroll to the top
//     (wheel flicks, then the scrollbar to the top), find a word only the first message has, and a
//     send, each under a trace that gives the longest main-thread task the chat document was part of;
//     heap and DOM size after opening and after the scrolling.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { buildChat, seedChat } from '../../test/e2e/pages/chatStorage';
import { chatInput, newChat } from '../../test/e2e/pages/chat';
import { sleep, waitFor } from '../../test/runner/env';
import { chatReply } from '../content';
import { arm, type Benchmark, type Ctx } from '../context';
import { longTasks, startTaskTrace, type LongTasks } from '../longTasks';
import { chatFrameWithClock, enterAt, FIRST_PAINT_INIT, watchEnter, type FirstPaint } from '../probes';
import type { LongChatReport, MemoryMeasure, ReloadMeasure, SendMeasure } from '../reportLongChat';
import { cdpFrameIds, stopTrace } from '../trace';
import { fmtBytes, fmtMs, log, median, now } from '../util';
import { readActivationTime } from './footprint';

// In the chat's document (bench code compiles with the DOM library, but the page's globals are the page's).
interface BenchWindow {
  __benchPaint?: FirstPaint;
  __benchStates?: number;
}

const TURNS = Number(process.env.BENCH_TURNS || 100);
const LONG_TURNS = Number(process.env.BENCH_LONG_TURNS || 1000);
const SENDS = 5;
/** Only the first question has it: what the find box looks for. */
const RARE = 'quetzalcoatl';

const question = (k: number): string =>
  k === 1 ? `Question 1: what does the ${RARE} module do, and how would you test it?` : `Question ${k}: what does part ${k} of the module do, and how would you test it?`;

/** The chat view's document after a reload: waits until it painted with its history. */
async function paintedChat(ctx: Ctx, minChildren: number): Promise<{ f: Frame; rec: FirstPaint }> {
  const page = ctx.wb.page;
  return waitFor(
    'the chat view to render after the reload',
    async () => {
      for (const f of page.frames()) {
        if (!f.url().includes('/webview/')) continue;
        const rec = (await f.evaluate(() => (window as unknown as BenchWindow).__benchPaint).catch(() => undefined)) as FirstPaint | undefined;
        if (rec?.paintedAt && (rec.children ?? 0) >= minChildren && (await f.locator('textarea.input').count()) > 0) return { f, rec };
      }
      return undefined;
    },
    120_000,
    100,
  );
}

async function memory(ctx: Ctx, f: Frame): Promise<MemoryMeasure> {
  await ctx.cdp.send('HeapProfiler.collectGarbage');
  await ctx.cdp.send('HeapProfiler.collectGarbage');
  const heap = await ctx.cdp.send('Runtime.getHeapUsage');
  const dom = await f.evaluate(() => ({
    elements: document.getElementsByTagName('*').length,
    rendered: document.querySelectorAll('.messages > .message').length,
    notRendered: Array.from(document.querySelectorAll('.messages .history-spacer')).reduce((n, s) => n + Number((s as HTMLElement).dataset.messages), 0),
  }));
  return { heapUsedBytes: heap.usedSize, domNodes: dom.elements, renderedMessages: dom.rendered, notRendered: dom.notRendered };
}

/** Reloads the window and measures how the chat view comes back. */
async function reloadAndMeasure(ctx: Ctx, messages: number): Promise<ReloadMeasure> {
  const page = ctx.wb.page;
  const t0 = now();
  // Not the harness's waitForWorkbench: it also waits for the explorer, which the chat replaces in the side bar.
  await page.reload({ waitUntil: 'domcontentloaded' });
  const { f, rec } = await paintedChat(ctx, Math.max(1, messages));
  const children = await f.evaluate(
    () =>
      document.querySelectorAll('.messages .message').length +
      Array.from(document.querySelectorAll('.messages .history-spacer')).reduce((n, s) => n + Number((s as HTMLElement).dataset.messages), 0),
  );
  if (messages > 1 && children < messages) throw new Error(`the chat came back with ${children} messages, expected ${messages}`);
  await sleep(3000); // things settle (older messages near the viewport render after the first paint)
  const mem = await memory(ctx, f);
  const act = await readActivationTime(page);
  ctx.report.footprint?.activationMs.push(act.ms);
  const renderMs = rec.stateAt ? rec.renderedAt! - rec.stateAt : NaN;
  const frameMs = rec.rafAt !== undefined ? rec.paintedAt! - rec.rafAt : NaN;
  return {
    firstPaintMs: rec.paintedAt! - t0,
    docToPaintMs: rec.paintedAt! - rec.createdAt,
    renderMs,
    frameMs,
    beforePaintMs: renderMs + frameMs,
    stateToPaintMs: rec.stateAt ? rec.paintedAt! - rec.stateAt : NaN,
    children,
    states: rec.states,
    ...mem,
  };
}

/** Runs `action` under a trace; the chat's frame is looked up afterwards (a reload makes a new one). */
async function traced<T>(ctx: Ctx, label: string, action: () => Promise<T>, frame: () => Promise<Frame>): Promise<{ result: T; tasks: LongTasks }> {
  await startTaskTrace(ctx.cdp);
  let result: T;
  try {
    result = await action();
  } catch (err) {
    await stopTrace(ctx.cdp).catch(() => undefined);
    throw err;
  }
  const events = await stopTrace(ctx.cdp);
  const ids = await cdpFrameIds(ctx.cdp, await frame());
  const dir = process.env.BENCH_TRACE_DIR;
  if (dir) fs.writeFileSync(path.join(dir, `${label}.json`), JSON.stringify({ chatFrame: ids.inner, traceEvents: events }));
  return { result, tasks: longTasks(events, ids.inner) };
}

/** Counts the whole-state messages the chat document receives from now on (window.__benchStates). */
async function countStates(f: Frame): Promise<void> {
  await f.evaluate(() => {
    const w = window as unknown as BenchWindow;
    if (w.__benchStates !== undefined) {
      w.__benchStates = 0;
      return;
    }
    w.__benchStates = 0;
    window.addEventListener('message', (e: MessageEvent) => {
      if ((e.data as { type?: string } | undefined)?.type === 'state') w.__benchStates! += 1;
    }, true);
  });
}

interface SendRun {
  /** Enter → the reply shown finished. */
  ms: number;
  /** Enter → the question shown in the chat document. */
  questionMs: number;
  /** Enter → the question's message (userMessage) received by the chat document. */
  questionMsgMs: number;
  /** Enter → the Messages request reached the fake server (the extension's part before the API answers). */
  toRequestMs: number;
  /** count_tokens requests made for the send (fitting the history into the context window). */
  counts: number;
  /** The fake server's own time on the Messages request: its arrival → the first event written (reading and checking the body). */
  serverMs: number;
  /** The Messages request answered: its body's size in bytes, and its message thread ('create', 'continue' or 'none'). */
  requestBytes: number;
  thread: string;
}

/** Sends a question; ms from Enter until the reply is shown finished (the newest reply, with its text). */
async function sendAndWait(ctx: Ctx, f: Frame, k: number, label: string): Promise<SendRun> {
  const needle = `Answer ${label}-${k}.`;
  arm(ctx.server, { text: `${needle} ${chatReply(k)}`, chunkSize: 400 }, `${label} send ${k}`);
  const n = ctx.server.responses.length;
  const recorded = ctx.server.fake.requests.length;
  // Enter as the chat document sees it, not before the clicks and typing that precede it.
  await watchEnter(f);
  // Typed as a person types (30 ms a key), then Enter: the chat gets the send ready while the question is typed.
  const input = chatInput(f);
  await input.click();
  const question = `Question ${label}-${k}: what does part ${k} of the module do?`;
  await input.pressSequentially(question, { delay: 30 });
  // When the question is shown in the list, timed in the chat document (watched from before Enter).
  await f.evaluate((question) => {
    const w = window as unknown as { __benchNow(): number; __benchQuestionAt?: number; __benchQuestionMsgAt?: number };
    w.__benchQuestionAt = undefined;
    w.__benchQuestionMsgAt = undefined;
    const heard = (e: MessageEvent): void => {
      if ((e.data as { type?: string } | null)?.type !== 'userMessage') return;
      w.__benchQuestionMsgAt = w.__benchNow();
      window.removeEventListener('message', heard, true);
    };
    window.addEventListener('message', heard, true);
    const obs = new MutationObserver(() => {
      const mine = Array.from(document.querySelectorAll('.messages > .message.user')).some((m) => (m.textContent ?? '').includes(question));
      if (!mine) return;
      w.__benchQuestionAt = w.__benchNow();
      obs.disconnect();
    });
    obs.observe(document.querySelector('.messages')!, { childList: true });
  }, question);
  await input.press('Enter');
  const t = await enterAt(f);
  // When the reply is shown finished (aria-busy false, its text in), timed in the chat document: polling would add its interval.
  const shownAt = await waitFor(
    `the reply to ${label} question ${k}`,
    () =>
      f.evaluate((needle) => {
        const w = window as unknown as { __benchNow(): number; __benchShown?: { needle: string; at?: number; obs: MutationObserver } };
        if (w.__benchShown?.needle !== needle) {
          w.__benchShown?.obs.disconnect();
          const rec: { needle: string; at?: number; obs: MutationObserver } = { needle, obs: new MutationObserver(() => check()) };
          const check = (): void => {
            if (rec.at !== undefined) return;
            const replies = document.querySelectorAll('.messages > .message.assistant');
            const last = replies[replies.length - 1];
            if (last && last.getAttribute('aria-busy') === 'false' && (last.textContent ?? '').includes(needle)) {
              rec.at = w.__benchNow();
              rec.obs.disconnect();
            }
          };
          w.__benchShown = rec;
          rec.obs.observe(document.querySelector('.messages')!, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['aria-busy'] });
          check();
        }
        return w.__benchShown.at;
      }, needle),
    120_000,
    20,
  );
  const ms = shownAt - t;
  const [questionAt, questionMsgAt] = await f.evaluate(() => {
    const w = window as unknown as { __benchQuestionAt?: number; __benchQuestionMsgAt?: number };
    return [w.__benchQuestionAt ?? NaN, w.__benchQuestionMsgAt ?? NaN];
  });
  const mine = ctx.server.responses.slice(n);
  const request = mine.find((r) => r.path.split('?')[0] === '/v1/messages');
  // The one answered: the last (a continue the API refused is sent again as a create).
  const answered = ctx.server.fake.requests.slice(recorded).filter((r) => r.path.split('?')[0] === '/v1/messages').at(-1);
  return {
    ms,
    questionMs: questionAt - t,
    questionMsgMs: questionMsgAt - t,
    toRequestMs: (request?.arrivedAt ?? NaN) - t,
    counts: mine.filter((r) => r.path.includes('count_tokens')).length,
    serverMs: (request?.firstWriteAt ?? NaN) - (request?.arrivedAt ?? NaN),
    requestBytes: answered ? Buffer.byteLength(answered.rawBody) : NaN,
    thread: answered?.body.thread?.type ?? 'none',
  };
}

async function sends(ctx: Ctx, f: Frame, label: string, n: number): Promise<SendMeasure> {
  const runs: SendRun[] = [];
  for (let k = 1; k < n; k++) runs.push(await sendAndWait(ctx, f, k, label));
  await countStates(f);
  const last = await traced(ctx, `send-${label}`, () => sendAndWait(ctx, f, n, label), async () => f);
  runs.push(last.result);
  const times = runs.map((r) => r.ms);
  const states = await f.evaluate(() => (window as unknown as BenchWindow).__benchStates ?? 0);
  log(
    `  ${label}: Enter → reply shown ${times.map((x) => fmtMs(x, 0)).join(', ')} (Enter → question shown ${runs.map((r) => fmtMs(r.questionMs, 0)).join(', ')}, its message received ${runs.map((r) => fmtMs(r.questionMsgMs, 0)).join(', ')}; Enter → request at the server ${runs.map((r) => fmtMs(r.toRequestMs, 0)).join(', ')}; ` +
      `token counts ${runs.map((r) => r.counts).join(', ')}; requests ${runs.map((r) => `${fmtBytes(r.requestBytes)} (${r.thread})`).join(', ')}; the server's own time ${runs.map((r) => fmtMs(r.serverMs, 0)).join(', ')}); last send: longest task ${fmtMs(last.tasks.longestTaskMs, 0)} (chat's share ${fmtMs(last.tasks.longestTaskChatMs, 0)}), ${states} whole-state message(s)`,
  );
  return {
    ms: median(times),
    tasks: last.tasks,
    states,
    sendMs: times,
    questionMs: runs.map((r) => r.questionMs),
    questionMsgMs: runs.map((r) => r.questionMsgMs),
    toRequestMs: runs.map((r) => r.toRequestMs),
    counts: runs.map((r) => r.counts),
    serverMs: runs.map((r) => r.serverMs),
    requestBytes: runs.map((r) => r.requestBytes),
    threads: runs.map((r) => r.thread),
    ownMs: median(runs.map((r) => r.ms - r.serverMs)),
  };
}

async function seeded(ctx: Ctx, turns: number, label: string): Promise<void> {
  const t = now();
  await seedChat(ctx.wb.page, buildChat(`bench-${label}`, turns, question, chatReply));
  await paintedChat(ctx, 2 * turns);
  log(`  stored a ${2 * turns}-message chat and reopened it (${fmtMs(now() - t, 0)})`);
}

/** Scrolls from the bottom to the top of the chat as a person in a hurry does: wheel flicks, then the scrollbar dragged to the top, then wheel steps down. */
async function scrollThrough(ctx: Ctx, f: Frame): Promise<number> {
  const page = ctx.wb.page;
  const box = await f.locator('.scroller').boundingBox();
  if (!box) throw new Error('the chat is not on screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const t = now();
  for (let i = 0; i < 40; i++) {
    await page.mouse.wheel(0, -1200);
    await sleep(50);
  }
  await f.evaluate(() => {
    document.querySelector('.scroller')!.scrollTop = 0;
  });
  await sleep(1000);
  for (let i = 0; i < 20; i++) {
    await page.mouse.wheel(0, 600);
    await sleep(50);
  }
  await sleep(1000);
  return now() - t;
}

/** Ctrl+F, the rare word, until the match is highlighted on screen: ms from the last key. */
async function findRare(ctx: Ctx, f: Frame): Promise<number> {
  const page = ctx.wb.page;
  await chatInput(f).click();
  await page.keyboard.press('Control+f');
  const input = f.locator('input[aria-label="Find in chat"]');
  await input.waitFor({ state: 'visible', timeout: 5000 });
  await input.pressSequentially(RARE.slice(0, -1), { delay: 30 });
  const t = now();
  await input.press(RARE.slice(-1));
  await waitFor(
    'the match highlighted on screen',
    () =>
      f.evaluate(() => {
        const c = (globalThis as unknown as { CSS: { highlights?: Map<string, Iterable<Range>> } }).CSS;
        const h = c.highlights?.get('chat-find-current');
        const range = h ? Array.from(h)[0] : undefined;
        if (!range) return false;
        const view = document.querySelector('.scroller')!.getBoundingClientRect();
        const b = range.getBoundingClientRect();
        return b.top >= view.top && b.bottom <= view.bottom;
      }),
    30_000,
    10,
  );
  const ms = now() - t;
  const count = await f.locator('.find-count').textContent();
  if (count !== '1 of 1') throw new Error(`find counted "${count}", expected "1 of 1"`);
  await input.press('Escape');
  return ms;
}

/** Back to the newest message (as the End key or the scrollbar would). */
async function toBottom(f: Frame): Promise<void> {
  await f.evaluate(() => {
    const s = document.querySelector('.scroller')!;
    s.scrollTop = s.scrollHeight;
  });
  await sleep(1000);
}

async function benchLongChat(ctx: Ctx): Promise<void> {
  const { wb } = ctx;
  const page = wb.page;
  await page.addInitScript(FIRST_PAINT_INIT);

  // The reference: the empty chat, then a short one.
  log('long chat: the empty chat (reference)');
  await newChat(page, ctx.frame);
  await sleep(1500);
  const emptyReloads = [await reloadAndMeasure(ctx, 1), await reloadAndMeasure(ctx, 1)];
  const emptyOpen = await traced(ctx, 'open-empty', () => reloadAndMeasure(ctx, 1), async () => (await paintedChat(ctx, 1)).f);
  for (const m of [...emptyReloads, emptyOpen.result]) log(`  reload: state → painted ${fmtMs(m.stateToPaintMs, 0)} (render ${fmtMs(m.renderMs, 0)}, first frame ${fmtMs(m.frameMs, 0)}), heap ${fmtBytes(m.heapUsedBytes)}, ${m.domNodes} elements`);
  let frame = await chatFrameWithClock(page);
  const shortSends = await sends(ctx, frame, 'short', SENDS);

  // BENCH_TURNS questions.
  log(`long chat: ${TURNS} questions and replies (~1,500 characters each, a code block)`);
  await seeded(ctx, TURNS, String(2 * TURNS));
  const midReloads = [await reloadAndMeasure(ctx, 2 * TURNS), await reloadAndMeasure(ctx, 2 * TURNS)];
  const midOpen = await traced(ctx, 'open-mid', () => reloadAndMeasure(ctx, 2 * TURNS), async () => (await paintedChat(ctx, 2 * TURNS)).f);
  for (const m of [...midReloads, midOpen.result]) log(`  reload: state → painted ${fmtMs(m.stateToPaintMs, 0)} (render ${fmtMs(m.renderMs, 0)}, first frame ${fmtMs(m.frameMs, 0)}), heap ${fmtBytes(m.heapUsedBytes)}, ${m.domNodes} elements, ${m.renderedMessages} rendered + ${m.notRendered} in spacers`);
  frame = await chatFrameWithClock(page);
  const midSends = await sends(ctx, frame, String(2 * TURNS), SENDS);

  // BENCH_LONG_TURNS questions.
  log(`long chat: ${LONG_TURNS} questions and replies`);
  await seeded(ctx, LONG_TURNS, String(2 * LONG_TURNS));
  const bigOpen = await traced(ctx, 'open-long', () => reloadAndMeasure(ctx, 2 * LONG_TURNS), async () => (await paintedChat(ctx, 2 * LONG_TURNS)).f);
  const o = bigOpen.result;
  log(`  open: state → painted ${fmtMs(o.stateToPaintMs, 0)} (render ${fmtMs(o.renderMs, 0)}, first frame ${fmtMs(o.frameMs, 0)}), longest task ${fmtMs(bigOpen.tasks.longestTaskMs, 0)} (chat's share ${fmtMs(bigOpen.tasks.longestTaskChatMs, 0)}), heap ${fmtBytes(o.heapUsedBytes)}, ${o.domNodes} elements`);
  frame = await chatFrameWithClock(page);
  const scroll = await traced(ctx, 'scroll', () => scrollThrough(ctx, frame), async () => frame);
  const afterScroll = await memory(ctx, frame);
  log(`  scroll to the top: longest task ${fmtMs(scroll.tasks.longestTaskMs, 0)} (chat's share ${fmtMs(scroll.tasks.longestTaskChatMs, 0)}), ${scroll.tasks.tasksOver50} task(s) over 50 ms; then heap ${fmtBytes(afterScroll.heapUsedBytes)}, ${afterScroll.domNodes} elements, ${afterScroll.renderedMessages} messages rendered`);
  await toBottom(frame);
  const find = await traced(ctx, 'find', () => findRare(ctx, frame), async () => frame);
  log(`  find "${RARE}" (first message only): highlighted on screen ${fmtMs(find.result, 0)} after the last key; longest task ${fmtMs(find.tasks.longestTaskMs, 0)} (chat's share ${fmtMs(find.tasks.longestTaskChatMs, 0)})`);
  await toBottom(frame);
  const bigSends = await sends(ctx, frame, String(2 * LONG_TURNS), SENDS);
  ctx.frame = frame;

  const pick = (xs: ReloadMeasure[]): ReloadMeasure => {
    const med = (g: (m: ReloadMeasure) => number): number => median(xs.map(g));
    return {
      firstPaintMs: med((m) => m.firstPaintMs),
      docToPaintMs: med((m) => m.docToPaintMs),
      renderMs: med((m) => m.renderMs),
      frameMs: med((m) => m.frameMs),
      beforePaintMs: med((m) => m.beforePaintMs),
      stateToPaintMs: med((m) => m.stateToPaintMs),
      heapUsedBytes: med((m) => m.heapUsedBytes),
      domNodes: med((m) => m.domNodes),
      renderedMessages: med((m) => m.renderedMessages),
      notRendered: med((m) => m.notRendered),
      children: xs[0]!.children,
      states: Math.max(...xs.map((m) => m.states)),
    };
  };
  const report: LongChatReport = {
    turns: TURNS,
    longTurns: LONG_TURNS,
    chars: Array.from({ length: TURNS }, (_, i) => chatReply(i + 1).length).reduce((a, b) => a + b, 0),
    empty: { reload: pick([...emptyReloads, emptyOpen.result]), open: { ms: emptyOpen.result.stateToPaintMs, tasks: emptyOpen.tasks }, send: shortSends },
    mid: { reload: pick([...midReloads, midOpen.result]), open: { ms: midOpen.result.stateToPaintMs, tasks: midOpen.tasks }, send: midSends },
    big: {
      reload: o,
      open: { ms: o.stateToPaintMs, tasks: bigOpen.tasks },
      scroll: { ms: scroll.result, tasks: scroll.tasks },
      afterScroll,
      find: { ms: find.result, tasks: find.tasks },
      send: bigSends,
    },
  };
  ctx.report.longChat = report;
}

export const longChat: Benchmark = { name: 'longchat', run: benchLongChat };
